"""What both phases share: the export's format, written in the kernel (``encoding``) and read in
phase 2 and by the build (``artifacts``), one codec per kind of value (``codecs``), and the seeding
both the kernel and phase 2 start from (``seeding``)."""
