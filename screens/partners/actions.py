"""Add, edit and delete partners and people: shared by the list and a partner's page."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work

from db.errors import BilateralError
from db.text import counted
from screens.context import AppContext
from screens.dialogs import ConfirmScreen
from screens.forms import create_or_update

if TYPE_CHECKING:
    from textual.screen import Screen

    from screens.forms import FormScreen

    _Base = Screen[Any]
else:
    _Base = object


class PartnerActions(_Base):
    """Mixin for screens that show partners.

    They provide `context`, `selected_partner_id` and `after_change()` (reload after a change).
    """

    context: AppContext

    if TYPE_CHECKING:

        @property
        def selected_partner_id(self) -> int | None: ...

        def after_change(self) -> None: ...

    # -- organisations -------------------------------------------------------------

    def action_add_partner(self) -> None:
        self.open_partner_form(None)

    def action_edit_partner(self) -> None:
        if self.selected_partner_id is not None:
            self.open_partner_form(self.selected_partner_id)

    @work(thread=True, exclusive=True, group="partner-form", exit_on_error=False)
    def open_partner_form(self, organisation_id: int | None) -> None:
        from db import partner_changes as changes
        from db import partners
        from db.markings import marking_levels
        from screens.partners.forms import OrganisationForm

        database = self.context.database()
        choices = partners.organisation_choices(database)
        levels = marking_levels(database)
        existing = partners.get_partner(database, organisation_id) if organisation_id else None
        save = self.saving(
            changes.create_organisation, changes.update_organisation, partners.get_partner, existing
        )
        self.show_form(OrganisationForm(save, choices, levels, existing), "partner", existing)

    def saving(
        self,
        create: Callable[..., int],
        update: Callable[..., object],
        get: Callable[..., Any],
        existing: Any,
    ) -> Callable[[Any, bool], int]:
        """A form's save (in a worker): db's `create` of a partner or a person, or its `update`
        of the `existing` one (`get` reads the newest version, to overwrite)."""
        database = self.context.database()
        return create_or_update(
            partial(create, database),
            partial(update, database),
            (existing.id, existing.version) if existing else None,
            lambda record_id: get(database, record_id).version,
        )

    def show_form(self, form: "FormScreen[Any]", kind: str, existing: Any) -> None:
        """Show a form for a new record or an `existing` one (from a worker), its text kept as
        a draft ("partner:12", "person:new"); once it saved, say so and show the change."""
        form.keep_drafts_as(f"{kind}:{existing.id}" if existing else f"{kind}:new")
        self.app.call_from_thread(self.app.push_screen, form, self._saved)

    def _saved(self, record_id: int | None) -> None:
        if record_id is not None:
            self.app.notify("Saved.")
            self.after_change()

    def action_delete_partner(self) -> None:
        if self.selected_partner_id is not None:
            self.prepare_partner_delete(self.selected_partner_id)

    @work(thread=True, exclusive=True, group="partner-delete", exit_on_error=False)
    def prepare_partner_delete(self, organisation_id: int) -> None:
        from db import partners

        database = self.context.database()
        detail = partners.get_partner(database, organisation_id)
        references = partners.organisation_references(database, organisation_id)
        if references.blocking:
            self.app.call_from_thread(
                self.app.notify,
                f"“{detail.name}” cannot be deleted: {references.blocking} refer to it.",
                severity="error",
                timeout=8,
            )
            return
        question = f"Delete “{detail.name}”"
        if references.people:
            question += f" and its {counted(references.people, 'person', 'people')}"
        question += "? This cannot be undone."

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_partner_delete(organisation_id, with_people=bool(references.people))

        self.app.call_from_thread(self.app.push_screen, ConfirmScreen(question), decided)

    @work(thread=True, exclusive=True, group="partner-delete", exit_on_error=False)
    def run_partner_delete(self, organisation_id: int, with_people: bool) -> None:
        from db import partner_changes

        try:
            partner_changes.delete_organisation(
                self.context.database(), organisation_id, with_people=with_people
            )
        except BilateralError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", timeout=8)
            return
        self.app.call_from_thread(self.partner_deleted)

    def partner_deleted(self) -> None:
        """After a partner was deleted: say so and show what is left."""
        self.app.notify("Partner deleted.")
        self.after_change()

    # -- people ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="person-form", exit_on_error=False)
    def open_person_form(self, organisation_id: int | None, person_id: int | None) -> None:
        from db import partners, people
        from db import person_changes as changes
        from db.markings import marking_levels
        from screens.partners.forms import PersonForm

        database = self.context.database()
        choices = partners.organisation_choices(database)
        levels = marking_levels(database)
        existing = people.get_person(database, person_id) if person_id else None
        save = self.saving(
            changes.create_person, changes.update_person, people.get_person, existing
        )
        form = PersonForm(save, choices, organisation_id, levels, existing)
        self.show_form(form, "person", existing)

    def delete_person(self, person_id: int, name: str) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self.run_person_delete(person_id)

        self.app.push_screen(ConfirmScreen(f"Delete “{name}”? This cannot be undone."), decided)

    @work(thread=True, exclusive=True, group="person-delete", exit_on_error=False)
    def run_person_delete(self, person_id: int) -> None:
        from db import person_changes

        try:
            person_changes.delete_person(self.context.database(), person_id)
        except BilateralError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", timeout=8)
            return
        self.app.call_from_thread(self.app.notify, "Person deleted.")
        self.app.call_from_thread(self.after_change)
