"""The handling marking in a record's form: a choice of the department's levels."""

from typing import TYPE_CHECKING

from textual.widgets import Select

if TYPE_CHECKING:
    from db.markings import Levels

MARKING_LABEL = "Marking"


def marking_choice(levels: "Levels", rank: int) -> Select[int]:
    """The levels by name, lowest first, with the record's `rank` chosen (`#marking`)."""
    return Select(
        [(name, level) for level, name in enumerate(levels.names)],
        value=min(max(rank, 0), levels.highest_rank),
        allow_blank=False,
        id="marking",
    )
