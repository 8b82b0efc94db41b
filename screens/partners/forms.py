"""Forms for an organisation and a person."""

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, TextArea

from db.partner_input import EMAIL_MAX, PHONE_MAX, OrganisationInput, PersonInput
from db.partner_shapes import OrganisationChoice, OrganisationDetail, PersonRow
from db.text import fold
from db.validation import NAME_MAX
from db.vocab import ORGANISATION_KINDS
from screens.forms import FormScreen, one_of, one_or_none
from screens.marking_choice import MARKING_LABEL, marking_choice

if TYPE_CHECKING:
    from db.markings import Levels


class OrganisationForm(FormScreen[OrganisationInput]):
    """Add or edit an organisation."""

    TITLE = "Partner form"

    def __init__(
        self,
        save: Callable[[OrganisationInput, bool], int],
        choices: tuple[OrganisationChoice, ...],
        levels: "Levels",
        existing: OrganisationDetail | None = None,
    ) -> None:
        super().__init__("Edit partner" if existing else "Add partner", save)
        from db.partners import organisation_as_input

        self.initial = (
            organisation_as_input(existing, levels) if existing else OrganisationInput(name="")
        )
        self.levels = levels
        self.choices = tuple(c for c in choices if not existing or c.id != existing.id)

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Name *", Input(i.name, id="name", max_length=NAME_MAX * 2))
        yield from self.field("Short name", Input(i.short_name, id="short_name"))
        kind = i.kind if i.kind in ORGANISATION_KINDS else "other"
        yield from self.field("Kind", one_of(ORGANISATION_KINDS, kind, "kind"))
        yield from self.field(
            "Country (ISO: AT…)",
            Input(i.country, placeholder="AT, DE, VN…", id="country", max_length=8),
        )
        parents = [(c.label, c.id) for c in self.choices]
        yield from self.field("Part of", one_or_none(parents, i.parent_id, "(none)", "parent_id"))
        yield from self.field(MARKING_LABEL, marking_choice(self.levels, i.marking))
        yield Checkbox("One of our own organisations", i.is_own, id="is_own")
        yield from self.field("Description", TextArea(i.description, id="description"))

    def build_input(self) -> OrganisationInput:
        return OrganisationInput(**self.field_values())


class PersonForm(FormScreen[PersonInput]):
    """Add or edit a person."""

    TITLE = "Person form"

    def __init__(
        self,
        save: Callable[[PersonInput, bool], int],
        choices: tuple[OrganisationChoice, ...],
        organisation_id: int | None,
        levels: "Levels",
        existing: PersonRow | None = None,
    ) -> None:
        super().__init__("Edit person" if existing else "Add person", save)
        from db.people import person_as_input

        initial = (
            person_as_input(existing, levels) if existing else PersonInput("", organisation_id)
        )
        # The sort name is shown only when it is not the one made from the name.
        if initial.sort_name == fold(initial.full_name):
            initial = replace(initial, sort_name="")
        self.initial = initial
        self.levels = levels
        self.choices = choices

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field(
            "Full name *",
            Input(
                i.full_name,
                placeholder="as written, with diacritics: Lê Quốc Hùng",
                id="full_name",
                max_length=NAME_MAX * 2,
            ),
        )
        yield from self.field(
            "Pronunciation",
            Input(
                i.pronunciation,
                placeholder="how the name is said: leh kwok HOONG",
                id="pronunciation",
                max_length=NAME_MAX * 2,
            ),
        )
        # The honorific goes before the name; the job is the position, shown after it.
        yield from self.field(
            "Honorific",
            Input(i.title, placeholder="Dr., Prof., H.E. (the job is the position)", id="title"),
        )
        yield from self.field(
            "Position (job)",
            Input(i.position, placeholder="Deputy Minister, Director General…", id="position"),
        )
        organisations = [(c.label, c.id) for c in self.choices]
        yield from self.field(
            "Organisation",
            one_or_none(organisations, i.organisation_id, "(none)", "organisation_id"),
        )
        yield from self.field(MARKING_LABEL, marking_choice(self.levels, i.marking))
        yield from self.field("Form of address", Input(i.form_of_address, id="form_of_address"))
        yield from self.field(
            "E-mail",
            Input(
                i.email, placeholder="name@ministry.gov.vn", id="email", max_length=EMAIL_MAX * 2
            ),
        )
        yield from self.field(
            "Phone",
            Input(i.phone, placeholder="+84 24 3826 9999", id="phone", max_length=PHONE_MAX * 2),
        )
        yield from self.field("Languages", Input(i.languages, id="languages"))
        yield from self.field(
            "Sort name",
            Input(i.sort_name, placeholder="blank: the name without accents", id="sort_name"),
        )
        yield from self.field("Protocol notes", TextArea(i.protocol_notes, id="protocol_notes"))

    def build_input(self) -> PersonInput:
        return PersonInput(**self.field_values())
