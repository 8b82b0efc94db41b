"""Adding or editing one checklist item: its text, due day, owner (and section, when new)."""

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from screens.forms import DatedForm


@dataclass(frozen=True)
class ItemFields:
    """What the item form holds; `section` is None when editing (items keep their section)."""

    text: str
    due: str = ""
    owner: str = ""
    section: str | None = None

    def cleaned(self, today: date | None = None) -> "ItemFields":
        from db.checklists.changes import check_item

        check_item(self.text, self.due, self.owner, today, self.section)
        return self


class ItemForm(DatedForm[ItemFields]):
    """The fields of a checklist item."""

    TITLE = "Checklist item"
    dates = {"due": True}

    def fields(self) -> ComposeResult:
        i = self.initial
        if i.section is not None:
            yield from self.field("Section", Input(i.section, id="section"))
        yield from self.field("Item *", Input(i.text, id="text", max_length=4000))
        yield from self.field(
            "Due", Input(i.due, placeholder="e.g. 10.1.2027, next monday", id="due")
        )
        yield from self.field("Owner", Input(i.owner, placeholder="who does it", id="owner"))

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def build_input(self) -> ItemFields:
        # A new item's section is a field; an item being edited keeps its own (None).
        return ItemFields(**self.field_values())
