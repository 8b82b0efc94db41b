"""The People list (in Partners): everyone, with or without an organisation; enter edits."""

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Input

from db.partner_shapes import Page
from screens.context import AppContext
from screens.keymap import bindings
from screens.listing import ListScreen, ListTable
from screens.partners.actions import PartnerActions
from screens.widgets import MARKING_COLUMN, cell, marking_cell

if TYPE_CHECKING:
    from db.people import PersonListRow


class PeopleListTable(ListTable, group="People list"):
    """The people; enter opens the person's form."""


class PeopleScreen(PartnerActions, ListScreen["PersonListRow"]):
    """Every person on record, found by name, position or organisation."""

    TITLE = "People"
    BINDINGS = bindings("PeopleScreen")
    ROW_ACTIONS = frozenset({"delete_person_here"})
    columns = (("Name", 28), ("Position", 36), ("Organisation", 34), ("Ctry", 4), MARKING_COLUMN)
    noun = ("person", "people")
    hint = "/ filter: name, position, organisation…"
    pane_id = "people-pane"
    table_id = "people-table"
    where = ("Partners ▸ People", "with or without an organisation")
    # Not the partner of a row: the mixin's partner actions have no key here.
    selected_partner_id = None

    def __init__(self, context: AppContext, edit_person: int | None = None) -> None:
        """`edit_person`: open this person's form once the list is shown (from search)."""
        super().__init__(context)
        self.edit_person = edit_person

    def list_table(self) -> ListTable:
        return PeopleListTable(id=self.table_id)

    def on_mount(self) -> None:
        # ListScreen's own on_mount (columns, first page) runs as well: Textual calls both.
        if self.edit_person is not None:
            self.open_person_form(None, self.edit_person)

    def fetch(self, query: str, offset: int, **paging: Any) -> "Page[PersonListRow]":
        from db.people import list_people

        return list_people(self.context.database(), query, offset=offset, **paging)

    def cells(self, row: "PersonListRow") -> tuple[Text, ...]:
        return (
            cell(row.full_name, "bold"),
            cell(row.position),
            cell(row.organisation) if row.organisation_id else cell("none", "dim"),
            cell(row.country),
            marking_cell(row.marking),
        )

    def empty_message(self) -> str:
        if self.query_text:
            return "No person matches the filter."
        return "No people yet: a adds one."

    def opened(self, row_id: int) -> None:
        self.open_person_form(None, row_id)

    def action_add_person(self) -> None:
        self.open_person_form(None, None)

    def action_delete_person_here(self) -> None:
        person_id = self.selected_id
        if person_id is None:
            return
        table = self.query_one(PeopleListTable)
        name = table.get_row_at(table.cursor_row)[0]
        self.delete_person(person_id, str(name))

    def action_leave(self) -> None:
        """Escape: clears the filter, then leaves it, then goes back to Partners."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            self.action_leave_filter()
        else:
            self.action_leave_list()

    def action_leave_list(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
