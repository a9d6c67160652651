"""Moodle's side of grading: its download of an assignment's submissions (``download``), the
assignment's grading worksheet filled in (``worksheet``), each student's feedback as a file in one
zip (``feedback_zip``), and grades for the gradebook's CSV import through a roster (``roster``)."""
