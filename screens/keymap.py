"""Every key binding of bilateral, declared once in keys.toml beside this module.

One table per screen or widget class, one line per binding, its id first: what users remap
in their config's [keymap], what `bilateral keys` and the help list, in one place to review
for clashes. A class takes its own with `BINDINGS = bindings("ClassName")`; a table with keys
of its own, by naming its group: `class StopTable(KeyTable, group="Stops")` (screens.widgets).
"""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from textual.binding import Binding, BindingType

KEYS_FILE = Path(__file__).with_name("keys.toml")


@cache
def keymap_tables() -> dict[str, dict[str, dict[str, Any]]]:
    """The file's tables: class name -> binding id -> what the binding is."""
    with KEYS_FILE.open("rb") as file:
        return tomllib.load(file)


@cache
def _group(description: str) -> Binding.Group:
    # One object per group: the footer draws a group's keys as one by identity.
    return Binding.Group(description)


def bindings(owner: str) -> list[BindingType]:
    """The bindings declared for the class named `owner`, in the order of the file."""
    return [
        Binding(
            spec["keys"],
            spec["action"],
            spec["label"],
            show=spec.get("show", True),
            priority=spec.get("priority", False),
            group=_group(spec["group"]) if "group" in spec else None,
            tooltip=spec["tooltip"],
            id=binding_id,
        )
        for binding_id, spec in keymap_tables()[owner].items()
    ]
