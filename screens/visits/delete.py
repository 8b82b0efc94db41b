"""Deleting a visit, from its page or the list: asked first, naming what goes with it."""

from typing import TYPE_CHECKING, Any

from textual import work

from db.text import counted
from screens.context import AppContext
from screens.dialogs import ConfirmScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    # The records (and SQLAlchemy) load in a worker: the Visits list imports this module.
    from db.visit_shapes import VisitDetail

    _Base = Screen[Any]
else:
    _Base = object


def deletion_question(detail: "VisitDetail") -> str:
    """'Delete the visit “…” (dates)? Its checklist (61 items, 23 done), its 4 stops and its
    delegation list (3 people) go with it. Its 2 programme meetings stay, …'"""
    done, total, _overdue = detail.progress
    going = []
    if total:
        going.append(f"its checklist ({counted(total, 'item')}, {done} done)")
    if detail.legs:
        going.append(f"its {counted(len(detail.legs), 'stop')}")
    people = {p.id for p in detail.members} | ({detail.head.id} if detail.head else set())
    if people:
        going.append(f"its delegation list ({counted(len(people), 'person', 'people')})")
    when = f" ({detail.dates})" if detail.dates else ""
    question = f"Delete the visit “{detail.title}”{when}?"
    if going:
        listed = ", ".join(going[:-1]) + (" and " if len(going) > 1 else "") + going[-1]
        question += f" {listed[0].upper()}{listed[1:]} go{'es' if len(going) == 1 else ''} with it."
    if detail.programme:
        meetings = counted(len(detail.programme), "programme meeting")
        question += (
            f" Its {meetings} {'stays' if len(detail.programme) == 1 else 'stay'}, with "
            "notes and action items, no longer part of a visit."
        )
    return question + " This cannot be undone."


class VisitDeletion(_Base):
    """Mixin for the screens that delete visits: they provide `context` and `visit_deleted()`."""

    context: AppContext

    def ask_to_delete_visit(self, visit_id: int) -> None:
        self.prepare_visit_delete(visit_id)

    @work(thread=True, exclusive=True, group="visit-delete", exit_on_error=False)
    def prepare_visit_delete(self, visit_id: int) -> None:
        from db.visits import get_visit

        detail = get_visit(self.context.database(), visit_id, self.context.today())

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_visit_delete(visit_id)

        self.app.call_from_thread(
            self.app.push_screen, ConfirmScreen(deletion_question(detail)), decided
        )

    @work(thread=True, exclusive=True, group="visit-delete", exit_on_error=False)
    def run_visit_delete(self, visit_id: int) -> None:
        from db.errors import BilateralError
        from db.visit_changes import delete_visit

        try:
            delete_visit(self.context.database(), visit_id)
        except BilateralError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", timeout=8)
            return
        self.app.call_from_thread(self.visit_deleted)

    def visit_deleted(self) -> None:
        """After the visit was deleted: say so and show what is left."""
