"""The vaktregnskap's carried duty days and last vakt end as a leader types them
(``legevakt_app.carried``): read against the period's start, shown back the same way."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from legevakt_app.carried import days_text, end_text, read_days, read_end

START = date(2027, 1, 4)  # a Monday; the 31 days before it are 04.12.2026–03.01.2027


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("31.12, 03.01", [date(2026, 12, 31), date(2027, 1, 3)]),
        ("tor 31.12, søn 3.1", [date(2026, 12, 31), date(2027, 1, 3)]),  # as the table shows it
        ("3.1; torsdag 31.12.2026", [date(2026, 12, 31), date(2027, 1, 3)]),  # any order
        ("4.12 2026-12-20", [date(2026, 12, 4), date(2026, 12, 20)]),  # first day of 31; ISO
        ("31.12.26", [date(2026, 12, 31)]),
        ("–", []),
        ("", []),
        # a day on or after the start is read; the domain refuses it, naming the start
        ("05.01.2027", [date(2027, 1, 5)]),
        # so is a day typed twice
        ("31.12, 31.12.2026", [date(2026, 12, 31), date(2026, 12, 31)]),
    ],
)
def test_duty_days_are_read_against_the_period(typed, days):
    assert read_days(typed, START) == days


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3.12", "3.12 er ikke blant de 31 dagene før periodens start (04.12.2026–03.01.2027)"),
        ("05.01", "05.01 er ikke blant de 31 dagene før periodens start"),
        ("01.11.2026", "01.11.2026 er mer enn 31 dager før periodens start (04.01.2027): bare "
                       "vaktdager fra 04.12.2026 til 03.01.2027 teller i vakthyppigheten"),
        ("fre 31.12", "fre 31.12: 31.12.2026 er en torsdag"),
        ("31.11", "«31.11» er ikke en dato som finnes"),
        ("jul", "«jul» er ikke en dato (skriv f.eks. 31.12, 03.01 eller 31.12.2026)"),
        ("31.12, tor", "«tor» står uten dato"),
    ],
)
def test_a_duty_day_that_cannot_be_read_is_refused_in_words(typed, message):
    with pytest.raises(ValueError) as err:
        read_days(typed, START)
    assert message in str(err.value)


def test_the_days_read_as_they_are_shown():
    days = [date(2027, 1, 3), date(2026, 12, 31)]
    assert days_text(days) == "tor 31.12, søn 03.01"
    assert read_days(days_text(days), START) == sorted(days)
    assert days_text([]) == "–" and read_days("–", START) == []
    # 29 February before a period in March of a leap year
    assert read_days("29.02", date(2028, 3, 6)) == [date(2028, 2, 29)]


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("03.01.2027 08:00", datetime(2027, 1, 3, 8)),
        ("3.1.27 8", datetime(2027, 1, 3, 8)),
        ("søn 03.01 kl. 08.00", datetime(2027, 1, 3, 8)),
        ("31.12 16:30", datetime(2026, 12, 31, 16, 30)),  # the year nearest the start
        ("2027-01-04T08:00", datetime(2027, 1, 4, 8)),
        ("–", None),
        ("", None),
    ],
)
def test_the_last_vakt_end_is_read(typed, moment):
    assert read_end(typed, START) == moment


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03.01.2027", "skriv også klokkeslettet vakten sluttet, ikke bare dagen "
                       "(f.eks. 03.01.2027 08:00)"),
        ("03.01.2027 24:00", "«24:00» er ikke et klokkeslett"),
        ("man 03.01 08:00", "man 03.01: 03.01.2027 er en søndag"),
        ("i går", "«i går» er ikke dato og klokkeslett"),
    ],
)
def test_a_last_vakt_end_that_cannot_be_read_is_refused_in_words(typed, message):
    with pytest.raises(ValueError) as err:
        read_end(typed, START)
    assert message in str(err.value)


def test_the_last_vakt_end_reads_as_it_is_shown():
    moment = datetime(2027, 1, 4, 8)
    assert end_text(moment) == "04.01.2027 08:00"
    assert read_end(end_text(moment), START) == moment
    assert end_text(None) == "–"
    # a moment with a zone is shown in Oslo's time
    assert end_text(datetime.fromisoformat("2027-01-04T07:00:00+00:00")) == "04.01.2027 08:00"
