"""Errors the records raise, each with a message meant for the user."""


class BilateralError(Exception):
    """Base class: str(error) is a sentence a user can read."""


class DatabaseUnreadable(BilateralError):
    """The file is damaged, not a database, or not a bilateral database."""


class SchemaTooNew(BilateralError):
    """The database was written by a newer bilateral; it is left untouched."""


class DatabaseBusy(BilateralError):
    """Another process kept the database locked for longer than we wait."""


class DatabaseUnavailable(BilateralError):
    """The database refused a write or cannot be reached (disk full, read-only, server away).

    `reason` is the short cause ('database or disk is full') for places with little room.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class NotFound(BilateralError):
    """The record asked for does not exist (any more)."""


class StaleEdit(BilateralError):
    """Someone else saved the record since it was opened for editing."""

    @classmethod
    def of(cls, noun: str) -> "StaleEdit":
        """The refusal for a record of this kind ('proposal', 'checklist item'…)."""
        return cls(
            f"Someone else saved this {noun} after you opened it; your changes were not saved. "
            "Reload to see theirs."
        )


class InUse(BilateralError):
    """The record cannot be deleted because other records refer to it."""


class Invalid(BilateralError):
    """Input refused; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in problems.items()))
