"""Time zones: the user's own, a place's, a name as typed, and a time read in two zones."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from db.errors import Invalid
from db.zones import (
    StopZone,
    check_zone,
    times_in_zones,
    user_zone,
    when_in_zones,
    zone_for_place,
    zone_label,
    zone_on,
)


def test_the_users_zone_is_the_one_the_tz_variable_names(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Vienna")
    assert user_zone() == "Europe/Vienna"
    monkeypatch.setenv("TZ", ":Asia/Ho_Chi_Minh")
    assert user_zone() == "Asia/Ho_Chi_Minh"


def test_without_a_tz_variable_the_users_zone_is_a_zone_this_computer_knows(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    assert ZoneInfo(user_zone())


@pytest.mark.parametrize(
    ("city", "country", "zone"),
    [
        ("Vienna", "", "Europe/Vienna"),
        ("Wien", "AT", "Europe/Vienna"),
        ("vienna", "at", "Europe/Vienna"),
        ("Hà Nội", "VN", "Asia/Ho_Chi_Minh"),
        ("", "VN", "Asia/Ho_Chi_Minh"),
        ("Munich", "DE", "Europe/Berlin"),
        ("", "Germany", "Europe/Berlin"),
        ("São Paulo", "", "America/Sao_Paulo"),
        ("New York", "", "America/New_York"),
        # A city of that name elsewhere: the country decides.
        ("Paris", "US", "America/New_York"),
        # The capital's zone, not the first tzdata lists (Lord Howe Island).
        ("", "AU", "Australia/Sydney"),
        ("", "RU", "Europe/Moscow"),
        ("", "", ""),
        ("Atlantis", "", ""),
        ("", "XX", ""),
    ],
)
def test_the_zone_of_a_place(city, country, zone):
    assert zone_for_place(city, country) == zone


def test_a_zone_name_is_read_whatever_its_case_or_as_its_city():
    assert check_zone("europe/vienna") == "Europe/Vienna"
    assert check_zone(" Asia/Ho_Chi_Minh ") == "Asia/Ho_Chi_Minh"
    assert check_zone("America/New York") == "America/New_York"
    assert check_zone("Vienna") == "Europe/Vienna"
    assert check_zone("UTC") == "UTC"
    assert check_zone("") == ""


def test_an_unknown_zone_is_refused_with_the_nearest_name():
    with pytest.raises(Invalid) as refused:
        check_zone("Europe/Viena")
    assert refused.value.problems == {
        "time_zone": "Unknown time zone 'Europe/Viena': try a name like Europe/Vienna"
    }


def test_a_long_unknown_zone_is_cut_short_in_the_message():
    with pytest.raises(Invalid) as refused:
        check_zone("x" * 5000, field="zone")
    message = refused.value.problems["zone"]
    assert message.startswith("Unknown time zone 'xxx") and len(message) < 120


def test_a_zones_label_is_its_city():
    assert zone_label("Europe/Vienna") == "Vienna"
    assert zone_label("Asia/Ho_Chi_Minh") == "Ho Chi Minh"
    assert zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert zone_label("UTC") == "UTC"


def test_a_time_in_another_zone_is_also_read_in_the_users():
    winter, summer = datetime(2025, 1, 7, 9), datetime(2025, 10, 7, 9)
    assert times_in_zones(winter, "Europe/Vienna", "Asia/Ho_Chi_Minh") == (
        "09:00 Vienna · 15:00 Ho Chi Minh"
    )
    assert times_in_zones(summer, "Europe/Vienna", "Asia/Ho_Chi_Minh") == (
        "09:00 Vienna · 14:00 Ho Chi Minh"
    )


def test_daylight_saving_that_starts_on_other_days_is_read_at_the_moment():
    # The United States move their clocks three weeks before Europe.
    before, between = datetime(2025, 3, 3, 9), datetime(2025, 3, 20, 9)
    assert times_in_zones(before, "America/New_York", "Europe/Vienna") == (
        "09:00 New York · 15:00 Vienna"
    )
    assert times_in_zones(between, "America/New_York", "Europe/Vienna") == (
        "09:00 New York · 14:00 Vienna"
    )


def test_the_same_clock_or_no_zone_reads_the_time_once():
    starts = datetime(2025, 10, 7, 9)
    assert times_in_zones(starts, "Europe/Berlin", "Europe/Vienna") == "09:00"
    assert times_in_zones(starts, "", "Europe/Vienna") == "09:00"
    assert times_in_zones(starts, "Europe/Vienna", "Europe/Vienna") == "09:00"
    assert times_in_zones(starts, "Nowhere/Atlantis", "Europe/Vienna") == "09:00"


def test_a_span_that_falls_on_another_day_says_so():
    starts, ends = datetime(2025, 10, 7, 22), datetime(2025, 10, 7, 23, 30)
    assert times_in_zones(starts, "Europe/Vienna", "Asia/Ho_Chi_Minh", ends) == (
        "22:00–23:30 Vienna · 03:00–04:30 Ho Chi Minh (next day)"
    )


def test_when_a_meeting_is_as_far_as_it_is_known():
    starts = datetime(2025, 10, 7, 9)
    assert when_in_zones(starts, "minute", "Europe/Vienna", "Asia/Ho_Chi_Minh") == (
        "7 Oct 2025 09:00 Vienna · 14:00 Ho Chi Minh"
    )
    assert when_in_zones(starts, "day", "Europe/Vienna", "Asia/Ho_Chi_Minh") == "7 Oct 2025"
    assert when_in_zones(None, "minute", "Europe/Vienna", "Asia/Ho_Chi_Minh") == ""


def test_the_zone_of_the_stop_on_a_day():
    stops = (
        StopZone("", None, None),
        StopZone("Europe/Berlin", date(2025, 10, 5), date(2025, 10, 7)),
        StopZone("Europe/Vienna", date(2025, 10, 8), None),
    )
    assert zone_on(stops, date(2025, 10, 8)) == "Europe/Vienna"
    assert zone_on(stops, date(2025, 10, 6)) == "Europe/Berlin"
    assert zone_on(stops, date(2025, 12, 1)) == "Europe/Berlin"
    assert zone_on(stops, None) == "Europe/Berlin"
    assert zone_on((StopZone("", None, None),), date(2025, 10, 6)) == ""
