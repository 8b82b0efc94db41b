"""Proposal lifecycles following treaty practice (negotiated, signed, then in force).

Agreements, MoUs and softer offers each move along their own path; any of them can
stall, be declined or be withdrawn while still open. Cooperation (sharing experience, joint
research, exchanges) is put into practice over time, as a signed MoU is: once accepted it is
"in implementation" until it is delivered.
"""

from dataclasses import dataclass

AGREEMENT = "agreement"
MOU = "mou"
OFFER = "offer"
COOPERATION = "cooperation"

PROPOSAL_KINDS = {
    "agreement": AGREEMENT,
    "mou": MOU,
    "training": OFFER,
    "equipment": OFFER,
    "technical support": OFFER,
    "information sharing": OFFER,
    "liaison officer": OFFER,
    "invitation": OFFER,
    "cooperation": COOPERATION,
}

_AGREEMENT_PATH = (
    "idea",
    "proposed",
    "under negotiation",
    "initialled",
    "authorised to sign",
    "signed",
    "ratified",
    "in force",
    "in implementation",
    "amended",
    "expired",
)
_MOU_PATH = (
    "idea",
    "proposed",
    "drafting",
    "final text",
    "signed",
    "in implementation",
    "renewed",
    "expired",
)
_OFFER_PATH = ("proposed", "accepted", "scheduled", "delivered")
# "scheduled" and "delivered" as for offers, which cooperation counted as before.
_COOPERATION_PATH = ("proposed", "accepted", "scheduled", "in implementation", "delivered")

STALLED = "stalled"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
EXITS = (STALLED, DECLINED, WITHDRAWN)

PATHS = {
    AGREEMENT: _AGREEMENT_PATH,
    MOU: _MOU_PATH,
    OFFER: _OFFER_PATH,
    COOPERATION: _COOPERATION_PATH,
}

# The first status on each path at which a proposal is no longer open.
# Cooperation in implementation is no longer open, as a signed MoU in implementation is not.
_CLOSED_FROM = {
    AGREEMENT: "signed",
    MOU: "signed",
    OFFER: "delivered",
    COOPERATION: "in implementation",
}


def family(kind: str) -> str:
    """The lifecycle family (agreement, mou, offer, cooperation) of a proposal kind."""
    try:
        return PROPOSAL_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown proposal kind {kind!r}") from None


def statuses(kind: str) -> tuple[str, ...]:
    """Every status a proposal of this kind can have, in lifecycle order."""
    return PATHS[family(kind)] + EXITS


def is_open(kind: str, status: str) -> bool:
    """Open: not yet signed or delivered, and not declined, withdrawn or expired."""
    path = PATHS[family(kind)]
    if status in (DECLINED, WITHDRAWN):
        return False
    if status == STALLED:
        return True
    return path.index(status) < path.index(_CLOSED_FROM[family(kind)])


def open_statuses(kind: str) -> tuple[str, ...]:
    """The statuses in which a proposal of this kind counts as open."""
    return tuple(s for s in statuses(kind) if is_open(kind, s))


def allowed_next(kind: str, status: str) -> tuple[str, ...]:
    """The statuses a proposal may move to from `status`.

    Forward along its path, skipping steps when the record catches up late (initialled →
    signed); never back. An open proposal may also stall, be declined or be withdrawn; a
    stalled one may resume at any open step.
    """
    path = PATHS[family(kind)]
    if status in (DECLINED, WITHDRAWN):
        return ()
    if status == STALLED:
        return tuple(s for s in path if is_open(kind, s)) + (DECLINED, WITHDRAWN)
    forward = path[path.index(status) + 1 :]
    return forward + (EXITS if is_open(kind, status) else ())


@dataclass(frozen=True)
class IllegalTransition(ValueError):
    """A status change the lifecycle does not allow."""

    kind: str
    old: str
    new: str

    def __str__(self) -> str:
        allowed = ", ".join(allowed_next(self.kind, self.old)) or "none"
        return f"a {self.kind} cannot go from {self.old!r} to {self.new!r} (allowed: {allowed})"


def check_transition(kind: str, old: str, new: str) -> None:
    """Raise IllegalTransition unless `old` → `new` is allowed."""
    if new not in allowed_next(kind, old):
        raise IllegalTransition(kind, old, new)


# Open statuses never clash between families (no status is open in one and closed in another),
# so SQL can test openness with one IN list.
ALL_OPEN_STATUSES = tuple(
    sorted({s for kind in PROPOSAL_KINDS for s in statuses(kind) if is_open(kind, s)})
)
