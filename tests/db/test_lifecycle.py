"""Proposal lifecycles: what may follow what, and what counts as open."""

import pytest

from db.lifecycle import (
    ALL_OPEN_STATUSES,
    IllegalTransition,
    allowed_next,
    check_transition,
    is_open,
    statuses,
)


@pytest.mark.parametrize(
    ("kind", "old", "new", "allowed"),
    [
        ("agreement", "proposed", "under negotiation", True),
        ("agreement", "under negotiation", "initialled", True),
        ("agreement", "initialled", "signed", True),
        ("agreement", "signed", "in force", True),
        ("agreement", "signed", "proposed", False),
        ("agreement", "under negotiation", "proposed", False),
        ("agreement", "in force", "withdrawn", False),
        ("agreement", "declined", "proposed", False),
        ("agreement", "stalled", "under negotiation", True),
        ("agreement", "stalled", "signed", False),
        ("mou", "drafting", "final text", True),
        ("mou", "drafting", "initialled", False),
        ("mou", "signed", "renewed", True),
        ("training", "proposed", "accepted", True),
        ("training", "scheduled", "delivered", True),
        ("training", "delivered", "withdrawn", False),
        ("invitation", "proposed", "declined", True),
        ("equipment", "accepted", "signed", False),
        ("equipment", "delivered", "in implementation", False),
        ("cooperation", "accepted", "in implementation", True),
        ("cooperation", "proposed", "in implementation", True),
        ("cooperation", "in implementation", "delivered", True),
        ("cooperation", "in implementation", "withdrawn", False),
    ],
)
def test_transitions(kind, old, new, allowed):
    assert (new in allowed_next(kind, old)) is allowed
    if allowed:
        check_transition(kind, old, new)
    else:
        with pytest.raises(IllegalTransition, match=f"cannot go from '{old}' to '{new}'"):
            check_transition(kind, old, new)


@pytest.mark.parametrize(
    ("kind", "status", "open_"),
    [
        ("agreement", "idea", True),
        ("agreement", "authorised to sign", True),
        ("agreement", "signed", False),
        ("agreement", "expired", False),
        ("mou", "final text", True),
        ("mou", "in implementation", False),
        ("training", "scheduled", True),
        ("training", "delivered", False),
        ("liaison officer", "stalled", True),
        ("invitation", "declined", False),
        ("invitation", "withdrawn", False),
        ("cooperation", "accepted", True),
        ("cooperation", "in implementation", False),
        ("cooperation", "delivered", False),
    ],
)
def test_open_means_not_yet_signed_or_delivered_and_not_ended(kind, status, open_):
    assert is_open(kind, status) is open_
    assert (status in ALL_OPEN_STATUSES) is open_


def test_every_status_of_every_kind_is_reachable_or_a_start():
    for kind in ("agreement", "mou", "training", "cooperation"):
        reachable = {s for status in statuses(kind) for s in allowed_next(kind, status)}
        assert set(statuses(kind)) - reachable <= {"idea", "proposed"}


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown proposal kind"):
        statuses("treaty of friendship")
