"""Checklist templates: the built-in default, users' own templates, conditions, and broken
templates reported with file, line and reason."""

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.checklists.changes import generate_checklist
from db.checklists.queries import get_checklist
from db.checklists.templates import (
    SCHEMA,
    Conditions,
    TemplateError,
    load_template,
    load_templates,
    template_names,
)
from db.models import Checklist, Proposal
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
from db.visit_changes import create_visit, update_visit
from db.visits import StopInput, VisitInput, get_visit, list_visits, visit_as_input
from tests.helpers.clock import TODAY

HEADER = f'schema = "{SCHEMA}"\n'


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _texts(database, visit_id: int) -> list[str]:
    view = get_checklist(database, visit_id, today=TODAY)
    return [item.text for section in view.sections for item in section.items]


def _upcoming_id(database) -> int:
    return next(row.id for row in list_visits(database, today=TODAY).rows if row.upcoming)


def test_default_template_covers_every_section_of_visit_preparation():
    template = load_template("default")
    assert [section.title for section in template.sections] == [
        "Decision and framing",
        "Delegation",
        "Travel and logistics",
        "Programme",
        "Substance: the briefing",
        "Signing ceremony",
        "Gifts and courtesies",
        "After the visit",
    ]
    items = [item for section in template.sections for item in section.items]
    assert all(item.due is not None for item in items)
    assert len({item.key for item in items}) == len(items)
    signing = template.sections[5]
    assert signing.conditions.signing is True


def test_a_user_template_replaces_the_builtin_of_the_same_name_and_adds_new_ones(tmp_path):
    own = HEADER + '[[sections]]\ntitle = "Only"\n[[sections.items]]\ntext = "One thing"\n'
    _write(tmp_path, "default", own)
    _write(tmp_path, "short", own)
    templates = load_templates(tmp_path)
    assert set(templates) == {"default", "short"}
    assert templates["default"].sections[0].items[0].text == "One thing"
    assert template_names(tmp_path) == ("default", "short")
    assert load_template("default").sections[0].title == "Decision and framing"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (HEADER + "[[sections]\ntitle = 'x'\n", 2, "is not valid TOML"),
        ('schema = "bilateral-checklist-template/9"\n', 1, "expected schema"),
        ("title = 'no schema'\n", None, "has no schema"),
        (HEADER + "colour = 'red'\n", 2, "unknown key “colour”"),
        (HEADER + "[[sections]]\ntitle = 'A'\n", 2, "has no [[sections.items]]"),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\ndue = 'soon'\n",
            6,
            "due must be a whole number of days",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\ndue = true\n",
            6,
            "due must be a whole number of days",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\nwhen = -3\n",
            6,
            "unknown key “when”",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\n"
            "[[sections.items]]\ntext = 'y'\ndirection = 'sideways'\n",
            8,
            "direction must be one of incoming, outgoing",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\nlevel = ['state', 'royal']\n"
            "[[sections.items]]\ntext = 'x'\n",
            4,
            "level must be one of state, official, working",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\nsigning = 1\n",
            6,
            "signing must be true or false",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 123\n",
            5,
            "text must be a text in quotes",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'Sign {proposal}'\n",
            5,
            "names {proposal} but is not a signing item",
        ),
        (
            HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'Book a hotel'\n"
            "[[sections]]\ntitle = 'B'\n[[sections.items]]\ntext = 'Book a hotel!'\n",
            8,
            "same key “book-a-hotel” as an item on line 4",
        ),
    ],
)
def test_a_broken_user_template_names_file_line_and_reason(tmp_path, text, line, reason):
    path = _write(tmp_path / "templates", "mine", text)
    with pytest.raises(TemplateError) as caught:
        load_template("mine", tmp_path / "templates")
    message = str(caught.value)
    assert message.startswith(str(path))
    assert caught.value.line == line
    if line is not None:
        assert f"line {line}:" in message
    assert reason in message


def test_a_template_that_is_not_utf8_or_too_large_is_refused(tmp_path):
    (tmp_path / "latin.toml").write_bytes(HEADER.encode() + b"title = 'Gr\xfc\xdfe'\n")
    with pytest.raises(TemplateError, match="line 2: is not UTF-8 text"):
        load_template("latin", tmp_path)
    (tmp_path / "huge.toml").write_text(HEADER + "# " + "x" * 1_000_000 + "\n")
    with pytest.raises(TemplateError, match="larger than"):
        load_template("huge", tmp_path)
    with pytest.raises(TemplateError, match="no template called “nothing”"):
        load_template("nothing", tmp_path)


def test_a_broken_template_changes_nothing(demo_database, tmp_path):
    _write(tmp_path, "default", HEADER + "[[sections]]\ntitle = \n")
    with pytest.raises(TemplateError):
        generate_checklist(
            demo_database, _upcoming_id(demo_database), today=TODAY, templates_dir=tmp_path
        )
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Checklist)) == 0


@pytest.mark.parametrize(
    ("conditions", "direction", "level", "signing", "expected"),
    [
        (Conditions(), "incoming", "", False, True),
        (Conditions(direction="outgoing"), "incoming", "working", False, False),
        (Conditions(direction="outgoing"), "outgoing", "working", False, True),
        (Conditions(levels=("state", "official")), "incoming", "official", False, True),
        (Conditions(levels=("state",)), "incoming", "", False, False),
        (Conditions(signing=True), "outgoing", "state", False, False),
        (Conditions(signing=False), "outgoing", "state", False, True),
    ],
)
def test_conditions(conditions, direction, level, signing, expected):
    assert conditions.allow(direction=direction, level=level, signing=signing) is expected


@pytest.mark.parametrize(
    ("destinations", "countries", "expected", "picked"),
    [
        (("schengen",), ("DE", "AT"), True, ("DE", "AT")),
        (("schengen",), ("SG",), False, ()),
        (("schengen",), (), False, ()),
        (("outside-schengen",), ("SG", "DE"), True, ("SG",)),
        (("outside-schengen",), ("DE",), False, ()),
        (("outside-schengen",), (), True, ()),  # no country known: ask about the visas anyway
        (("SG", "MY"), ("MY",), True, ("MY",)),
        (None, ("DE", "SG"), True, ("DE", "SG")),
    ],
)
def test_destination_conditions(destinations, countries, expected, picked):
    conditions = Conditions(destinations=destinations)
    facts = {"direction": "outgoing", "level": "", "signing": False}
    assert conditions.allow(**facts, countries=countries) is expected
    assert conditions.picked(countries) == picked


def test_outgoing_items_are_left_out_for_an_incoming_visit(demo_database):
    upcoming = _upcoming_id(demo_database)
    generate_checklist(demo_database, upcoming, today=TODAY)
    texts = _texts(demo_database, upcoming)
    assert any(text.startswith("Visa support for the visiting delegation") for text in texts)
    assert not any(text.startswith("Visas for the delegation") for text in texts)
    assert "Flights booked" not in texts


def _outgoing_to(database, *countries: str) -> int:
    """A new outgoing visit with a stop at a ministry in each country."""
    legs = []
    for number, country in enumerate(countries):
        ministry = create_organisation(
            database, OrganisationInput(name=f"Ministry {number} of {country}", country=country)
        )
        legs.append(StopInput(ministry))
    return create_visit(
        database,
        VisitInput(title="Study tour", direction="outgoing", starts="2027-03-10", legs=tuple(legs)),
    )


VISA_ITEMS = ("Schengen visas", "Entry rules", "Visas for the delegation")
HOSTS_TASKS = (
    "Airport facilitation, greeters",
    "Security liaison and an aide assigned",
    "Flags and dress code",
    "Hotel matched to rank",
)


def test_an_outgoing_visit_outside_schengen_needs_no_schengen_visa(database):
    singapore = _outgoing_to(database, "SG")
    generate_checklist(database, singapore, today=TODAY)
    texts = _texts(database, singapore)
    assert not any("Schengen" in text for text in texts)
    assert "Entry rules of Singapore checked" in " ".join(texts)
    # Worded for the side travelling: nothing reads as the host's task.
    assert not [text for text in texts if text.startswith(HOSTS_TASKS)]
    assert any(text.startswith("Arrival agreed with the host") for text in texts)


def test_an_outgoing_visit_gets_the_visas_of_where_it_goes(database):
    europe = _outgoing_to(database, "DE", "AT")
    generate_checklist(database, europe, today=TODAY)
    texts = _texts(database, europe)
    assert [text for text in texts if text.startswith(VISA_ITEMS)] == [
        "Schengen visas for the delegation (Germany and Austria), applied for with the "
        "invitation or a note verbale"
    ]
    both = _outgoing_to(database, "DE", "SG")
    generate_checklist(database, both, today=TODAY)
    visas = [text for text in _texts(database, both) if text.startswith(VISA_ITEMS)]
    assert [text.split(",")[0].split(";")[0] for text in visas] == [
        "Schengen visas for the delegation (Germany)",
        "Entry rules of Singapore checked",
    ]
    nowhere = create_visit(database, VisitInput(title="Somewhere", direction="outgoing"))
    generate_checklist(database, nowhere, today=TODAY)
    assert any(
        text.startswith("Entry rules of each country visited checked")
        for text in _texts(database, nowhere)
    )


def test_an_incoming_visit_keeps_the_hosts_tasks(demo_database):
    upcoming = _upcoming_id(demo_database)
    generate_checklist(demo_database, upcoming, today=TODAY)
    texts = _texts(demo_database, upcoming)
    assert all(any(text.startswith(task) for text in texts) for task in HOSTS_TASKS)
    assert not any("Schengen" in text or "Entry rules" in text for text in texts)


@pytest.mark.parametrize(
    ("destination", "message"),
    [("'mars'", "destination must be 'schengen'"), ("[]", "destination must be"), ("1", "not 1")],
)
def test_a_destination_condition_must_be_an_area_or_a_country(tmp_path, destination, message):
    path = _write(
        tmp_path,
        "bad",
        HEADER + "[[sections]]\ntitle = 'A'\n[[sections.items]]\ntext = 'x'\n"
        f"destination = {destination}\n",
    )
    with pytest.raises(TemplateError, match=message):
        load_template("bad", tmp_path)
    assert path.exists()


def test_the_signing_section_comes_only_with_a_signing_proposal(demo_database):
    upcoming = _upcoming_id(demo_database)
    generate_checklist(demo_database, upcoming, today=TODAY)
    sections = [s.title for s in get_checklist(demo_database, upcoming, today=TODAY).sections]
    assert "Signing ceremony" not in sections

    with demo_database.reading() as session:
        crime_prevention = session.scalars(
            select(Proposal.id).where(Proposal.title == "Cooperation Agreement on Crime Prevention")
        ).one()
    detail = get_visit(demo_database, upcoming, TODAY)
    with_signing = replace(visit_as_input(detail), signing_proposal_id=crime_prevention)
    update_visit(demo_database, upcoming, detail.version, with_signing, TODAY)
    generate_checklist(demo_database, upcoming, today=TODAY)
    view = get_checklist(demo_database, upcoming, today=TODAY)
    ceremony = next(s for s in view.sections if s.title == "Signing ceremony")
    assert len(ceremony.items) == 4
    assert all("“Cooperation Agreement on Crime Prevention”" in i.text for i in ceremony.items)
    assert all(
        i.source.endswith("signing of Cooperation Agreement on Crime Prevention")
        for i in ceremony.items
    )


def test_a_user_template_with_conditions_drives_generation(database, tmp_path):
    _write(
        tmp_path,
        "tight",
        HEADER
        + "[[sections]]\ntitle = 'Everything'\n"
        + "[[sections.items]]\ntext = 'Always'\ndue = -3\nowner = 'me'\n"
        + "[[sections.items]]\ntext = 'Outgoing only'\ndirection = 'outgoing'\n"
        + "[[sections.items]]\ntext = 'State or official'\nlevel = ['state', 'official']\n"
        + "[[sections]]\ntitle = 'Signing'\nsigning = true\n"
        + "[[sections.items]]\ntext = 'Pens for {proposal}'\n",
    )
    visit = create_visit(
        database,
        VisitInput(title="Study tour", direction="incoming", level="official", starts="2027-03-10"),
    )
    result = generate_checklist(
        database, visit, today=TODAY, template="tight", templates_dir=tmp_path
    )
    assert (result.added, result.kept) == (2, 0)
    view = get_checklist(database, visit, today=TODAY)
    assert view.template == "tight"
    [section] = view.sections
    assert [(i.text, i.due, i.owner) for i in section.items] == [
        ("Always", "7 Mar 2027", "me"),
        ("State or official", "", ""),
    ]
