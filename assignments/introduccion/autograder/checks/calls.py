"""Checks on how a student's function answers a call it should refuse.

While grading, a student's function is replayed from the calls recorded in phase 1; an error it
raised there comes back carrying its type's name (``type_name``). These checks read that name, so
they grade the function in the student's notebook and the replayed one alike."""

from .arrays import require


def check_raises(function, name, *, args=(), kwargs=None, error="ValueError"):
    """Check that calling ``function(*args, **kwargs)`` (named ``name``) raises ``error`` (a type's
    name); return the message it raised with."""
    call = f"{name}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in (kwargs or {}).items())])})"
    try:
        require(function, name)(*args, **(kwargs or {}))
    except AssertionError:
        raise
    except Exception as raised:  # noqa: BLE001 - which error the student's function raised is the answer
        found = getattr(raised, "type_name", type(raised).__name__)
        if found != error:
            raise AssertionError(f"`{call}` debería levantar {error}, pero levanta {found}.") from None
        return str(raised)
    raise AssertionError(f"`{call}` debería levantar {error}, pero no levanta ningún error.")
