"""What goes wrong with calendar files, each said in a sentence for the user."""

from db.errors import BilateralError

# What the calendar libraries raise on input they cannot make sense of.
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


class CalendarFileRefused(BilateralError):
    """A calendar file that was not read: `place` names where (a line, or an event by its
    title, UID and line; "" for the whole file) and `problem` what is wrong there. Nothing
    was imported."""

    def __init__(self, place: str, problem: str) -> None:
        self.place = place
        self.problem = problem
        said = f"{place}: {problem}" if place else problem
        super().__init__(
            f"{said[:1].upper()}{said[1:]}. The calendar was not imported; nothing was changed."
        )


class CalendarExportFailed(BilateralError):
    """The calendar file could not be written; an existing file was left as it was."""
