"""Adding or editing one checklist item: its text, due day, owner (and section, when new)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from screens.context import AppContext
from screens.forms import FormScreen


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


class ItemForm(FormScreen[ItemFields]):
    """The fields of a checklist item."""

    TITLE = "Checklist item"

    def __init__(
        self,
        context: AppContext,
        title: str,
        save: Callable[[ItemFields, bool], int],
        initial: ItemFields,
    ) -> None:
        super().__init__(title, save)
        self.context = context
        self.initial = initial

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
        return ItemFields(
            text=self.query_one("#text", Input).value,
            due=self.query_one("#due", Input).value,
            owner=self.query_one("#owner", Input).value,
            section=(
                self.query_one("#section", Input).value
                if self.initial.section is not None
                else None
            ),
        )

    def clean(self, data: ItemFields) -> ItemFields:
        return data.cleaned(self.context.today())

    def hints(self, data: ItemFields) -> dict[str, str]:
        from db.dates import read_as

        return {"due": read_as(data.due, today=self.context.today(), day_only=True)}
