"""The demo data set, drawn from two 2025 news articles on the visits of Viet Nam's Ministry
of Public Security to Germany and Austria.

Only what the articles say: a field they leave open stays empty, and dates known only to
the year are stored with year precision. The one exception is the upcoming visit, dated
relative to today so that the checklist generator has something to prepare.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import BilateralError
from db.models import (
    ActionItem,
    Attendance,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Milestone,
    Note,
    Organisation,
    Person,
    Proposal,
    ProposalMeeting,
    StatusChange,
    Topic,
    Visit,
    VisitLeg,
    VisitMember,
    require_id,
)
from db.text import fold
from db.zones import zone_for_place

_Record = TypeVar("_Record")

YEAR_2025 = datetime(2025, 1, 1)
HANOI_SIGNING = date(2025, 10, 25)


class NotEmpty(BilateralError):
    """The database already holds records; the demo would mix with them."""


def is_empty(database: Database) -> bool:
    """True when the database holds no organisation, person or meeting."""
    with database.reading() as session:
        return not any(
            session.scalar(select(func.count()).select_from(table))
            for table in (Organisation, Person, Meeting)
        )


def load_demo(database: Database, *, today: date | None = None, force: bool = False) -> None:
    """Load the demo set; refuses a non-empty database unless `force`."""
    if not force and not is_empty(database):
        raise NotEmpty(
            "The database already holds records; the demo data was not loaded. "
            "Use --force to add it anyway."
        )
    database.write(lambda session: _Builder(session, today or date.today()).build())


class _Builder:
    def __init__(self, session: Session, today: date) -> None:
        self.s = session
        self.today = today
        self.topics: dict[str, Topic] = {}

    def add(self, record: _Record) -> _Record:
        self.s.add(record)
        self.s.flush()
        return record

    def org(self, name: str, **fields: Any) -> Organisation:
        return self.add(Organisation(name=name, **fields))

    def person(self, name: str, org: Organisation, **fields: Any) -> Person:
        return self.add(
            Person(full_name=name, sort_name=fold(name), organisation_id=org.id, **fields)
        )

    def topic(self, name: str) -> Topic:
        if name not in self.topics:
            self.topics[name] = self.add(Topic(name=name))
        return self.topics[name]

    def meeting(
        self,
        title: str,
        *,
        kind: str,
        visit: Visit,
        partners: list[Organisation],
        attendance: list[tuple[Person, str, str]],
        topics: list[str],
        summary: str,
        place: str = "",
        country: str = "",
        notes: Sequence[tuple[str, str]] = (),
        status: str = "held",
        when: datetime = YEAR_2025,
        precision: str = "year",
    ) -> Meeting:
        meeting = self.add(
            Meeting(
                title=title,
                kind=kind,
                starts_at=when,
                date_precision=precision,
                place=place,
                time_zone=zone_for_place(place, country) if place else "",
                status=status,
                visit_id=visit.id,
                summary=summary,
            )
        )
        for partner in partners:
            self.s.add(
                MeetingPartner(meeting_id=require_id(meeting), organisation_id=require_id(partner))
            )
        for person, side, role in attendance:
            self.s.add(
                Attendance(
                    meeting_id=require_id(meeting),
                    person_id=require_id(person),
                    side=side,
                    role=role,
                )
            )
        for name in topics:
            self.s.add(
                MeetingTopic(meeting_id=require_id(meeting), topic_id=require_id(self.topic(name)))
            )
        for kind_, text in notes:
            self.s.add(
                Note(
                    meeting_id=require_id(meeting),
                    kind=kind_,
                    text=text,
                    taken_at=when.replace(tzinfo=UTC),
                    taken_precision=precision,
                )
            )
        self.s.flush()
        return meeting

    def proposal(
        self,
        title: str,
        *,
        kind: str,
        partner: Organisation,
        meeting: Meeting,
        status: str,
        proposed_by: str = "",
        description: str = "",
        due_on: date | None = None,
    ) -> Proposal:
        proposal = self.add(
            Proposal(
                title=title,
                kind=kind,
                partner_id=partner.id,
                status=status,
                proposed_by=proposed_by,
                description=description,
                due_on=due_on,
            )
        )
        self.s.add(
            ProposalMeeting(
                proposal_id=require_id(proposal), meeting_id=require_id(meeting), raised_here=True
            )
        )
        self.s.add(
            StatusChange(
                proposal_id=require_id(proposal),
                new_status=status,
                changed_on=meeting.starts_at.date() if meeting.starts_at else None,
                date_precision=meeting.date_precision
                if meeting.date_precision != "minute"
                else "day",
                meeting_id=meeting.id,
                comment="As reported in the article on the visit.",
            )
        )
        self.s.flush()
        return proposal

    def build(self) -> None:
        mps = self.org(
            "Ministry of Public Security",
            short_name="MPS",
            kind="ministry",
            country="VN",
            is_own=True,
            description="Viet Nam's Ministry of Public Security: our own side.",
        )
        germany = self._germany(mps)
        austria = self._austria(mps)
        self._upcoming(mps, austria)
        del germany

    def _germany(self, mps: Organisation) -> Organisation:
        bmi = self.org(
            "Federal Ministry of the Interior",
            short_name="BMI",
            kind="ministry",
            country="DE",
            description=(
                "Germany's Federal Ministry of the Interior. Germany is Viet Nam's largest "
                "trading partner in Europe and a key gateway for Vietnamese goods to the EU."
            ),
        )
        for year, text in (
            (1975, "Diplomatic relations between Viet Nam and Germany established"),
            (2011, "Relationship elevated to a Strategic Partnership"),
        ):
            self.s.add(Milestone(organisation_id=require_id(bmi), year=year, text=text))
        embassy = self.org(
            "Vietnamese Embassy in Berlin",
            kind="embassy",
            country="VN",
            description="Viet Nam's embassy in Germany.",
        )
        muehlbauer = self.org("Muehlbauer Group", kind="company")
        de_vries = self.person("Christoph de Vries", bmi, position="State Secretary")
        tuyen = self.person("Tuyen", mps)
        huber = self.person("Ludwig Huber", muehlbauer, position="Vice President")
        visit = self.add(
            Visit(
                title="MPS delegation to Germany",
                direction="outgoing",
                status="completed",
                starts_on=date(2025, 1, 1),
                date_precision="year",
                purpose=(
                    "Strengthen cooperation with Germany's Federal Ministry of the Interior in "
                    "crime prevention, passport and immigration management, border control, "
                    "firefighting and rescue, crisis management and population management."
                ),
            )
        )
        self.s.add(
            VisitLeg(visit_id=require_id(visit), position=0, organisation_id=bmi.id, country="DE")
        )
        self.s.add(
            VisitLeg(
                visit_id=require_id(visit),
                position=1,
                organisation_id=embassy.id,
                city="Berlin",
                country="DE",
            )
        )
        self.s.add(VisitLeg(visit_id=require_id(visit), position=2, organisation_id=muehlbauer.id))
        self.s.add(
            VisitMember(visit_id=require_id(visit), person_id=require_id(tuyen), role="member")
        )
        talks = self.meeting(
            "Working session with State Secretary Christoph de Vries",
            kind="working session",
            visit=visit,
            partners=[bmi],
            attendance=[(de_vries, "theirs", ""), (tuyen, "ours", "")],
            topics=[
                "crime prevention",
                "passport and immigration management",
                "border control",
                "firefighting and rescue",
                "crisis management",
                "population management",
                "classified information",
                "cybersecurity",
                "police liaison officers",
            ],
            summary=(
                "Both sides underlined the growing relationship since diplomatic relations in "
                "1975 and the Strategic Partnership of 2011. The two ministries agreed to "
                "intensify information sharing, case verification and extradition via "
                "diplomatic and Interpol channels, to expand delegation exchanges, and to "
                "speed up negotiations on the agreement on the exchange and protection of "
                "classified information and the MoU on cybersecurity."
            ),
            notes=[
                (
                    "note",
                    "Law enforcement cooperation has advanced in recent years, with regular "
                    "exchanges and joint operations.",
                ),
                (
                    "decision",
                    "The two ministries agreed to intensify information sharing, case "
                    "verification, and extradition via diplomatic and Interpol "
                    "channels, while coordinating in ensuring safety for citizens "
                    "studying, working, and traveling in each country.",
                ),
                (
                    "decision",
                    "Speed up negotiations for the signing of the agreement on the "
                    "exchange and protection of classified information and the "
                    "Memorandum of Understanding on cybersecurity.",
                ),
                (
                    "note",
                    "Germany expressed its willingness to share experience in crisis "
                    "management, the development of a national population database, and "
                    "the protection of personal data.",
                ),
                (
                    "proposal",
                    "Tuyen invited Christoph de Vries to visit Viet Nam and attend the "
                    "signing ceremony of the UN Convention against Cybercrime in Ha Noi "
                    "this October.",
                ),
            ],
        )
        self.meeting(
            "Meeting with staff of the Vietnamese Embassy in Berlin",
            kind="meeting",
            visit=visit,
            partners=[embassy],
            attendance=[],
            topics=[],
            place="Berlin",
            summary="The delegation met with staff of the Vietnamese Embassy in Berlin.",
        )
        technology = self.meeting(
            "Working session with Ludwig Huber, Muehlbauer Group",
            kind="working session",
            visit=visit,
            partners=[muehlbauer],
            attendance=[(huber, "theirs", "")],
            topics=["technology and security solutions"],
            summary="Cooperation in technology and security solutions.",
        )
        del technology
        for title, kind, by, status, text in (
            (
                "Agreement on the exchange and protection of classified information",
                "agreement",
                "jointly",
                "under negotiation",
                "Both sides will speed up negotiations for its signing.",
            ),
            (
                "Memorandum of Understanding on cybersecurity",
                "mou",
                "jointly",
                "drafting",
                "Both sides will speed up negotiations for its signing.",
            ),
            (
                "Support for modernising passport control at international border gates",
                "technical support",
                "them",
                "proposed",
                "German support through biometric technology and electronic passport "
                "authentication.",
            ),
            (
                "Sharing data on forged passports and illegal migration",
                "information sharing",
                "them",
                "proposed",
                "",
            ),
            (
                "Training courses for Viet Nam's border forces",
                "training",
                "them",
                "proposed",
                "On combating illegal immigration, human trafficking, and cross-border smuggling.",
            ),
            (
                "Technology transfer and modern equipment",
                "equipment",
                "",
                "proposed",
                "Fire trucks, rescue machinery, and data analysis software; discussed.",
            ),
            (
                "Sharing experience in crisis management, population database and personal data "
                "protection",
                "cooperation",
                "them",
                "proposed",
                "Germany expressed its willingness to share experience.",
            ),
            (
                "Resumption and deployment of police liaison officers",
                "liaison officer",
                "",
                "proposed",
                "To facilitate information exchange on drug-related crimes and illegal "
                "migration; discussed.",
            ),
            (
                "Capacity-building, foreign language training and professional skills for law "
                "enforcement personnel",
                "training",
                "",
                "proposed",
                "Discussed.",
            ),
            (
                "Intensified information sharing, case verification and extradition via "
                "diplomatic and Interpol channels",
                "information sharing",
                "jointly",
                "accepted",
                "The two ministries agreed.",
            ),
            (
                "Expanded delegation exchanges",
                "cooperation",
                "jointly",
                "accepted",
                "Viet Nam and Germany will expand delegation exchanges.",
            ),
        ):
            self.proposal(
                title,
                kind=kind,
                partner=bmi,
                meeting=talks,
                status=status,
                proposed_by=by,
                description=text,
            )
        self.proposal(
            "Invitation to visit Viet Nam and attend the signing of the UN Convention against "
            "Cybercrime in Ha Noi",
            kind="invitation",
            partner=bmi,
            meeting=talks,
            status="proposed",
            proposed_by="us",
            description="Tuyen invited Christoph de Vries.",
            due_on=HANOI_SIGNING,
        )
        return bmi

    def _austria(self, mps: Organisation) -> Organisation:
        bmi = self.org(
            "Ministry of the Interior",
            short_name="BMI",
            kind="ministry",
            country="AT",
            description=(
                "Austria's Ministry of the Interior. Since 1997 Austria has implemented "
                "e-Government with three pillars: a central population registration system, a "
                "national identification and electronic signature system, and a system for "
                "inter-agency data sharing."
            ),
        )
        for year, text in (
            (1972, "Diplomatic relations between Viet Nam and Austria established"),
            (2025, "First official visit at the Ministry level between the two ministries"),
        ):
            self.s.add(Milestone(organisation_id=require_id(bmi), year=year, text=text))
        ait = self.org(
            "Austrian Institute of Technology",
            short_name="AIT",
            kind="research institute",
            country="AT",
            description=(
                "A leading research agency in applied science and technology in Austria; "
                "develops quantum encryption for government and law enforcement."
            ),
        )
        osd = self.org(
            "Austrian State Printing House",
            short_name="OSD",
            kind="company",
            country="AT",
            description=(
                "The only facility authorized to print security documents issued by the "
                "Austrian Government; about 220 personnel; passports, ID cards, visas, driver's "
                "licenses to ISO, ICAO and EU standards; solutions for over 60 countries."
            ),
        )
        embassy = self.org(
            "Vietnamese Embassy in Austria",
            kind="embassy",
            country="VN",
            description="Viet Nam's embassy in Austria. About 9,000 Vietnamese live in Austria.",
        )
        hung = self.person("Lê Quốc Hùng", mps, position="Deputy Minister")
        webinger = self.person(
            "Peter Webinger",
            bmi,
            position="Director General for Migration and International Affairs",
        )
        ambassador = self.person(
            "Vu Le Thai Hoang",
            embassy,
            position="Vietnamese Ambassador to Austria",
        )
        visit = self.add(
            Visit(
                title="MPS delegation to Austria",
                direction="outgoing",
                level="official",
                status="completed",
                starts_on=date(2025, 1, 1),
                date_precision="year",
                head_person_id=hung.id,
                purpose=(
                    "Promote bilateral cooperation in security, policing, crime prevention, "
                    "digital technology, and residency management."
                ),
            )
        )
        for position, org in enumerate((bmi, ait, osd, embassy)):
            city = "Vienna" if org is bmi else ""
            self.s.add(
                VisitLeg(
                    visit_id=require_id(visit),
                    position=position,
                    organisation_id=org.id,
                    city=city,
                    country="AT",
                )
            )
        self.s.add(VisitMember(visit_id=require_id(visit), person_id=require_id(hung), role="head"))
        talks = self.meeting(
            "Working session with the Austrian Ministry of the Interior",
            kind="working session",
            visit=visit,
            partners=[bmi],
            place="Vienna",
            attendance=[(hung, "ours", "head"), (webinger, "theirs", "")],
            topics=[
                "migration management",
                "population management",
                "crime prevention",
                "extradition",
                "transfer of sentenced persons",
                "cybersecurity",
                "training",
            ],
            summary=(
                "Both sides agreed that cooperation is developing positively since diplomatic "
                "relations in 1972; this is the first official visit at the Ministry level. "
                "Deputy Minister Lê Quốc Hùng proposed to expedite negotiations towards a "
                "Cooperation Agreement on Crime Prevention, agreements on extradition and the "
                "transfer of sentenced persons, and training for Vietnamese public security "
                "personnel."
            ),
            notes=[
                (
                    "note",
                    "Webinger: Austria shared experiences in migration management, "
                    "particularly digital technology in population management and public "
                    "service provision.",
                ),
                (
                    "note",
                    "Since 1997, Austria has implemented e-Government with three pillars: "
                    "a central population registration system, a national identification "
                    "and electronic signature system, and a system for inter-agency data "
                    "sharing.",
                ),
                (
                    "proposal",
                    "Lê Quốc Hùng proposed that both sides expedite negotiations and "
                    "move towards signing a Cooperation Agreement on Crime Prevention.",
                ),
                (
                    "proposal",
                    "Invitation from the Minister of Public Security to the Austrian "
                    "Minister of the Interior to attend the signing ceremony of the "
                    "Hanoi Convention, Hanoi, 25-27 October 2025.",
                ),
            ],
        )
        aitmeeting = self.meeting(
            "Visit to the Austrian Institute of Technology",
            kind="site visit",
            visit=visit,
            partners=[ait],
            attendance=[(hung, "ours", "head")],
            topics=["security technology", "residency management", "quantum encryption"],
            summary=(
                "Technological solutions for security work, residency management and law "
                "enforcement support; visit to the quantum encryption technology laboratory. "
                "AIT leadership affirmed readiness to cooperate in technology transfer, joint "
                "research, and training support."
            ),
        )
        osdmeeting = self.meeting(
            "Visit to the Austrian State Printing House",
            kind="site visit",
            visit=visit,
            partners=[osd],
            attendance=[(hung, "ours", "head")],
            topics=["security printing", "identity documents", "digital transformation"],
            summary=(
                "Exchange of experience in printing, identity document management, and digital "
                'technology. OSD introduced the new national passport and the "My Identity '
                'App", and presented two new passport samples to the Ministry of Public '
                "Security for reference on security features."
            ),
        )
        embassymeeting = self.meeting(
            "Visit to the Vietnamese Embassy in Austria",
            kind="meeting",
            visit=visit,
            partners=[embassy],
            attendance=[(hung, "ours", "head"), (ambassador, "theirs", "")],
            topics=["Vietnamese community in Austria"],
            summary=(
                "Ambassador Vu Le Thai Hoang informed that Vietnam-Austria relations in law "
                "enforcement have seen many positive developments; meeting with "
                "representatives of the Vietnamese community."
            ),
        )
        self.s.add(
            ActionItem(
                text="Continue supporting the Vietnamese community in Austria and promote "
                "cooperation programmes in science and technology, innovation, core and "
                "source technology",
                side="ours",
                owner="Vietnamese Embassy in Austria",
                meeting_id=embassymeeting.id,
                partner_id=embassy.id,
            )
        )
        for title, kind, status, text in (
            (
                "Cooperation Agreement on Crime Prevention",
                "agreement",
                "under negotiation",
                "Both sides to expedite negotiations and move towards signing.",
            ),
            (
                "Extradition agreement",
                "agreement",
                "proposed",
                "Enhance the development of an extradition agreement.",
            ),
            (
                "Agreement on the transfer of sentenced persons",
                "agreement",
                "proposed",
                "Enhance the development of an agreement on the transfer of sentenced persons.",
            ),
            (
                "Training and capacity building for Vietnamese public security personnel",
                "training",
                "proposed",
                "In cybersecurity, high-tech crime prevention, terrorism, money laundering, and "
                "migration management.",
            ),
        ):
            self.proposal(
                title,
                kind=kind,
                partner=bmi,
                meeting=talks,
                status=status,
                proposed_by="us",
                description=text,
            )
        self.proposal(
            "Invitation to attend the signing ceremony of the Hanoi Convention",
            kind="invitation",
            partner=bmi,
            meeting=talks,
            status="proposed",
            proposed_by="us",
            description=(
                "From the Minister of Public Security of Viet Nam to the Austrian Minister of "
                "the Interior: the signing ceremony of the United Nations Convention against "
                "Cybercrime, Hanoi, 25-27 October 2025."
            ),
            due_on=HANOI_SIGNING,
        )
        self.proposal(
            "Technology transfer, joint research and training support",
            kind="cooperation",
            partner=ait,
            meeting=aitmeeting,
            status="proposed",
            proposed_by="them",
            description="AIT leadership affirmed their readiness to cooperate.",
        )
        self.proposal(
            "Cooperation in digital transformation and security printing solutions",
            kind="cooperation",
            partner=osd,
            meeting=osdmeeting,
            status="proposed",
            proposed_by="them",
            description="OSD expressed a desire to cooperate.",
        )
        return bmi

    def _upcoming(self, mps: Organisation, austria: Organisation) -> None:
        first = self.today + timedelta(days=42)
        visit = self.add(
            Visit(
                title="Return visit: Austrian Ministry of the Interior delegation to Hanoi",
                direction="incoming",
                level="working",
                status="planned",
                starts_on=first,
                ends_on=first + timedelta(days=3),
                purpose=(
                    "Follow up the 2025 Vienna talks: the Cooperation Agreement on Crime "
                    "Prevention, extradition, transfer of sentenced persons, and training. "
                    "(Demo: a planned visit to try the checklist generator on.)"
                ),
            )
        )
        self.s.add(
            VisitLeg(
                visit_id=require_id(visit),
                position=0,
                organisation_id=mps.id,
                city="Hanoi",
                country="VN",
                starts_on=first,
                ends_on=first + timedelta(days=3),
            )
        )
        self.meeting(
            "Working session with the Austrian Ministry of the Interior",
            kind="working session",
            visit=visit,
            partners=[austria],
            place="Hanoi",
            country="VN",
            attendance=[],
            topics=["crime prevention", "extradition", "transfer of sentenced persons"],
            summary="",
            status="planned",
            when=datetime.combine(first + timedelta(days=1), datetime.min.time()).replace(hour=9),
            precision="day",
        )
