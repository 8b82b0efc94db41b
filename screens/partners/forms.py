"""Forms for an organisation and a person."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, TextArea

from db.partner_input import OrganisationInput, PersonInput
from db.partner_shapes import OrganisationChoice, OrganisationDetail, PersonRow
from db.text import fold
from db.validation import NAME_MAX
from db.vocab import ORGANISATION_KINDS
from screens.forms import FormScreen, chosen_id, one_of, one_or_none


class OrganisationForm(FormScreen[OrganisationInput]):
    """Add or edit an organisation."""

    TITLE = "Partner form"

    def __init__(
        self,
        save: Callable[[OrganisationInput, bool], int],
        choices: tuple[OrganisationChoice, ...],
        existing: OrganisationDetail | None = None,
    ) -> None:
        super().__init__("Edit partner" if existing else "Add partner", save)
        self.existing = existing
        self.choices = tuple(c for c in choices if not existing or c.id != existing.id)

    def fields(self) -> ComposeResult:
        e = self.existing
        yield from self.field(
            "Name *", Input(e.name if e else "", id="name", max_length=NAME_MAX * 2)
        )
        yield from self.field("Short name", Input(e.short_name if e else "", id="short_name"))
        kind = e.kind if e and e.kind in ORGANISATION_KINDS else "other"
        yield from self.field("Kind", one_of(ORGANISATION_KINDS, kind, "kind"))
        yield from self.field(
            "Country (ISO: AT…)",
            Input(e.country if e else "", placeholder="AT, DE, VN…", id="country", max_length=8),
        )
        parents = [(c.label, c.id) for c in self.choices]
        parent = e.parent_id if e else None
        yield from self.field("Part of", one_or_none(parents, parent, "(none)", "parent_id"))
        yield Checkbox("One of our own organisations", e.is_own if e else False, id="is_own")
        yield from self.field("Description", TextArea(e.description if e else "", id="description"))

    def build_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.query_one("#name", Input).value,
            short_name=self.query_one("#short_name", Input).value,
            kind=str(self.query_one("#kind", Select).value),
            country=self.query_one("#country", Input).value,
            is_own=self.query_one("#is_own", Checkbox).value,
            description=self.query_one("#description", TextArea).text,
            parent_id=chosen_id(self.query_one("#parent_id", Select)),
        )


class PersonForm(FormScreen[PersonInput]):
    """Add or edit a person."""

    TITLE = "Person form"

    def __init__(
        self,
        save: Callable[[PersonInput, bool], int],
        choices: tuple[OrganisationChoice, ...],
        organisation_id: int | None,
        existing: PersonRow | None = None,
    ) -> None:
        super().__init__("Edit person" if existing else "Add person", save)
        self.existing = existing
        self.choices = choices
        self.organisation_id = existing.organisation_id if existing else organisation_id

    def fields(self) -> ComposeResult:
        e = self.existing
        yield from self.field(
            "Full name *",
            Input(
                e.full_name if e else "",
                placeholder="as written, with diacritics: Lê Quốc Hùng",
                id="full_name",
                max_length=NAME_MAX * 2,
            ),
        )
        yield from self.field(
            "Pronunciation",
            Input(
                e.pronunciation if e else "",
                placeholder="how the name is said: leh kwok HOONG",
                id="pronunciation",
                max_length=NAME_MAX * 2,
            ),
        )
        # The honorific goes before the name; the job is the position, shown after it.
        yield from self.field(
            "Honorific",
            Input(
                e.title if e else "",
                placeholder="Dr., Prof., H.E. (the job is the position)",
                id="title",
            ),
        )
        yield from self.field(
            "Position (job)",
            Input(
                e.position if e else "",
                placeholder="Deputy Minister, Director General…",
                id="position",
            ),
        )
        organisations = [(c.label, c.id) for c in self.choices]
        yield from self.field(
            "Organisation",
            one_or_none(organisations, self.organisation_id, "(none)", "organisation_id"),
        )
        yield from self.field(
            "Form of address", Input(e.form_of_address if e else "", id="form_of_address")
        )
        yield from self.field("Languages", Input(e.languages if e else "", id="languages"))
        yield from self.field(
            "Sort name",
            Input(
                e.sort_name if e and e.sort_name != fold(e.full_name) else "",
                placeholder="blank: the name without accents",
                id="sort_name",
            ),
        )
        yield from self.field(
            "Protocol notes", TextArea(e.protocol_notes if e else "", id="protocol_notes")
        )

    def build_input(self) -> PersonInput:
        return PersonInput(
            full_name=self.query_one("#full_name", Input).value,
            organisation_id=chosen_id(self.query_one("#organisation_id", Select)),
            title=self.query_one("#title", Input).value,
            position=self.query_one("#position", Input).value,
            form_of_address=self.query_one("#form_of_address", Input).value,
            languages=self.query_one("#languages", Input).value,
            protocol_notes=self.query_one("#protocol_notes", TextArea).text,
            sort_name=self.query_one("#sort_name", Input).value,
            pronunciation=self.query_one("#pronunciation", Input).value,
        )
