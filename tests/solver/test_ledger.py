"""Vaktregnskap carried into the next period (solver.ledger.carry_over), on hand-made rotas."""

from __future__ import annotations

import pytest

from solver.ledger import carry_over
from solver.problem import Absence, Assignment, Exemption, LedgerEntry, Rota
from tests.solver.helpers import at, doctor, problem, rota, shift


def _evenings(n: int):
    return [shift(f"kveld@{d}", d, 16, 23) for d in range(n)]


def test_hours_above_the_fair_share_are_carried_and_the_balances_sum_to_zero():
    # four 7-hour evenings: Ola took three, Kari one; the fair part is two each
    p = problem(_evenings(4), [doctor("ola"), doctor("kari")], days=4)
    r = rota(("kveld@0", "ola"), ("kveld@1", "ola"), ("kveld@2", "ola"), ("kveld@3", "kari"))
    led = carry_over(p, r)
    assert led["ola"].load_balance == 7.0 and led["kari"].load_balance == -7.0


def test_what_was_carried_in_counts_and_a_fair_period_keeps_it():
    # Ola came in 14 h over and took one evening of four, Kari three: even now
    docs = [doctor("ola", ledger=LedgerEntry(load_balance=14.0)), doctor("kari")]
    r = rota(("kveld@0", "ola"), ("kveld@1", "kari"), ("kveld@2", "kari"), ("kveld@3", "kari"))
    led = carry_over(problem(_evenings(4), docs, days=4), r)
    assert led["ola"].load_balance == led["kari"].load_balance == 0.0


def test_time_away_is_not_owed():
    # Per was on ferie for the first four of nine evenings: his fair share is 5/9 of Ola's, so
    # of the 63 hours Ola's fair part is 63 × 9/14 = 40.5 and Per's 22.5. Ola took 42 and Per
    # 21: Ola carries +1.5 h, Per -1.5 h (the four evenings away are not owed)
    away = Absence(at(0, 0), at(4, 0), "ferie")
    docs = [doctor("ola"), doctor("per", absences=(away,))]
    r = rota(*[(f"kveld@{d}", "ola") for d in (0, 1, 2, 3, 4, 5)], ("kveld@6", "per"),
             ("kveld@7", "per"), ("kveld@8", "per"))
    led = carry_over(problem(_evenings(9), docs, days=9), r)
    assert led["ola"].load_balance == pytest.approx(1.5, abs=0.05)
    assert led["per"].load_balance == pytest.approx(-1.5, abs=0.05)


def test_a_partly_exempt_doctor_adds_nothing_and_is_left_out_of_the_others_fair_part():
    # Liv may not take nights (fritak): she took the two evenings, Ola and Kari the nights and
    # the rest. Her period adds nothing (her carried +3 h stays); Ola and Kari are compared with
    # each other only.
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(4)]
    free_of_nights = Exemption(at(0, 0), at(10, 0), "no_nights", "over_55")
    docs = [doctor("ola"), doctor("kari"),
            doctor("liv", exemptions=(free_of_nights,), ledger=LedgerEntry(load_balance=3.0))]
    r = rota(("kveld@0", "liv"), ("kveld@1", "liv"), ("natt@0", "ola"), ("natt@1", "kari"),
             ("natt@2", "ola"), ("natt@3", "kari"))
    led = carry_over(problem(_evenings(2) + nights, docs, days=4), r)
    assert led["liv"].load_balance == 3.0 and led["liv"].nights == 0
    assert led["ola"].load_balance == led["kari"].load_balance == 0.0
    assert led["ola"].nights == led["kari"].nights == 0


def test_nights_above_the_fair_number_are_carried():
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(4)]
    days = [shift(f"dag@{d}", d, 8, 16, kind="day") for d in range(4)]  # the same hours
    r = rota(("natt@0", "ola"), ("natt@1", "ola"), ("natt@2", "ola"), ("natt@3", "kari"),
             ("dag@0", "kari"), ("dag@1", "kari"), ("dag@2", "kari"), ("dag@3", "ola"))
    led = carry_over(problem(nights + days, [doctor("ola"), doctor("kari")], days=4), r)
    assert (led["ola"].nights, led["kari"].nights) == (1, -1)
    assert led["ola"].load_balance == led["kari"].load_balance == 0.0


def test_who_had_which_høytid_is_carried_and_a_høytid_outside_the_period_is_remembered():
    # this period holds Christmas (two evenings) but no Easter. Ola had a Christmas evening;
    # Kari had Christmas last time but not this time; Per had Easter last time, which this
    # period cannot change
    evenings = [shift(f"kveld@{d}", d, 16, 23, high_day=d < 2, high_day_name="jul" if d < 2 else "")
                for d in range(3)]
    docs = [doctor("ola"), doctor("kari", ledger=LedgerEntry(had_high_days=frozenset({"jul"}))),
            doctor("per", ledger=LedgerEntry(had_high_days=frozenset({"påske"})))]
    r = rota(("kveld@0", "ola"), ("kveld@1", "per"), ("kveld@2", "kari"))
    led = carry_over(problem(evenings, docs, days=3), r)
    assert led["ola"].had_high_days == {"jul"}
    assert led["kari"].had_high_days == frozenset()
    assert led["per"].had_high_days == {"jul", "påske"}


def test_time_away_is_counted_once_in_the_fair_number_of_nights():
    # Twelve nights, Ola and Kari present throughout, Per away for the first six. By fair share
    # (1 : 1 : 1/2) Per's fair number is 12 × 0.5/2.5 = 2.4 nights and the others' 4.8. He took
    # 2 and they 5 each: everybody within a night of fair, nothing carried. Counting his time
    # away twice (share × the part of all nights he could take) would make it 12 × 0.25/2.25 =
    # 1.3, and carry +1 for him and -1 for the others.
    away = Absence(at(0, 0), at(6, 0), "ferie")
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(12)]
    docs = [doctor("ola"), doctor("kari"), doctor("per", absences=(away,))]
    r = rota(*[(f"natt@{d}", "ola") for d in (0, 2, 4, 6, 8)],
             *[(f"natt@{d}", "kari") for d in (1, 3, 5, 7, 9)], ("natt@10", "per"),
             ("natt@11", "per"))
    led = carry_over(problem(nights, docs, days=12), r)
    assert (led["ola"].nights, led["kari"].nights, led["per"].nights) == (0, 0, 0)


def test_the_fair_band_counts_time_away_once():
    # the engine's level-2 band for the same district: Per's fair number of nights is 2.4
    from solver.objective import fair_band
    from solver.rules import build_model

    away = Absence(at(0, 0), at(6, 0), "ferie")
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(12)]
    p = problem(nights, [doctor("ola"), doctor("kari"), doctor("per", absences=(away,))], days=12)
    ctx = build_model(p)
    band = fair_band(ctx, list(range(12)), "nights")
    assert band == {0: (4, 5), 1: (4, 5), 2: (2, 3)}


def test_rounded_night_balances_still_sum_to_zero():
    # Seven nights for three equal doctors: the fair number is 7/3 = 2,33 each. Ola and Kari
    # took 3 (+0,67 each), Per 1 (−1,33). Rounding each on its own carries +1, +1, −1: one
    # night more above fair than below, which the next period would hand out to nobody.
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(7)]
    docs = [doctor("ola"), doctor("kari"), doctor("per")]
    r = rota(*[(f"natt@{d}", "ola") for d in (0, 3, 6)], *[(f"natt@{d}", "kari") for d in (1, 4, 5)],
             ("natt@2", "per"))
    led = carry_over(problem(nights, docs, days=7), r)
    balances = [led[i].nights for i in ("ola", "kari", "per")]
    assert sum(balances) == 0
    exact = [3 - 7 / 3, 3 - 7 / 3, 1 - 7 / 3]
    assert all(abs(b - e) < 1 for b, e in zip(balances, exact, strict=True))


def test_a_doctor_who_needs_bakvakt_carries_no_night_debt_for_the_vakter_her_bakvakt_costs():
    """liten-kommune: a LIS1 with bakvakt takes more døgnvakter than her colleagues, whose
    bakvakter for her are load too. Load-fair, she has more nights than the share says every
    period; carried as a debt it grew +7, +11, +15 nights over three half-years, and the
    colleagues would pay it back with extra nights once she was vaktkompetent. Her hours are
    still measured; her counts are carried on as they were."""
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True, requires_competent=False,
                    bakvakt_weight=0.25) for d in range(22)]
    docs = [doctor("per", competent=False), doctor("ola"), doctor("kari")]
    # Per 8 nights (64 h) with Ola as bakvakt on four and Kari on four (4 × 2 h each); Ola and
    # Kari 7 nights each (56 h + 8 h): 64 h apiece, exactly fair. By share Per's fair number of
    # nights is 22/3 ≈ 7,3 of the 22
    r = rota(*[(f"natt@{d}", "per") for d in range(8)],
             *[(f"natt@{d}", "ola", "bakvakt") for d in range(4)],
             *[(f"natt@{d}", "kari", "bakvakt") for d in range(4, 8)],
             *[(f"natt@{d}", "ola") for d in range(8, 15)],
             *[(f"natt@{d}", "kari") for d in range(15, 22)])
    led = carry_over(problem(nights, docs, days=22), r)
    assert [led[i].load_balance for i in ("per", "ola", "kari")] == [0.0, 0.0, 0.0]
    # by share she is 0,7 night over (carried as +1, and Kari −1, every such period); her
    # nights are what her load asks, so nothing is carried, and Ola and Kari are compared
    # with each other: even
    assert [led[i].nights for i in ("per", "ola", "kari")] == [0, 0, 0]
    # her hours are compared as anyone's: a night less, and she is 8 h under
    fewer = Rota([a for a in r.assignments if a.shift_id != "natt@0"]
                 + [Assignment("natt@0", "ola")])  # and no bakvakt for it
    assert carry_over(problem(nights, docs, days=22), fewer)["per"].load_balance < -5


def _free_of_nights_district():
    """Four days of a night (23–07) and a day (08–16) each. Liv may not take nights (fritak),
    so level 1 has her take the days; Ola, Kari and Per share the nights."""
    days = [shift(f"dag@{d}", d, 8, 16, kind="day", weekend=True) for d in range(4)]
    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True, weekend=True)
              for d in range(4)]
    free_of_nights = Exemption(at(0, 0), at(10, 0), "no_nights", "over_55")
    docs = [doctor("ola"), doctor("kari"), doctor("per"), doctor("liv", exemptions=(free_of_nights,))]
    return problem(nights + days, docs, days=4)


def test_level_twos_bands_split_what_is_left_after_those_not_measured():
    """Every shift is a vakt in helg. Liv (fritak from nights) takes the four days: split among
    all four by what each may take, the eight would be 2–3 for Ola, Kari and Per, a band they
    cannot all reach with four nights between them (level 2 would not care which of them falls
    short). Fixed from the rota
    in hand, the others split the four Liv leaves: 1 or 2 each, as the vaktregnskap (which
    leaves Liv's counts out) splits them; Liv's band is the four she has."""
    from solver.objective import fair_band, fix_count_bands
    from solver.rules import build_model

    p = _free_of_nights_district()
    r = rota(*[(f"dag@{d}", "liv") for d in range(4)], ("natt@0", "ola"), ("natt@1", "kari"),
             ("natt@2", "per"), ("natt@3", "ola"))
    ctx = build_model(p)
    weekend = [si for si, s in enumerate(ctx.shifts) if s.weekend]
    district = fair_band(ctx, weekend, "weekends")
    assert district[0] == (2, 3) and 3 in district  # Liv too, among all four
    fix_count_bands(ctx, r)
    # Liv keeps her four (so the split stays exact)
    assert fair_band(ctx, weekend, "weekends") == {0: (1, 2), 1: (1, 2), 2: (1, 2), 3: (4, 4)}
    nights = [si for si, s in enumerate(ctx.shifts) if s.night]
    assert fair_band(ctx, nights, "nights") == {0: (1, 2), 1: (1, 2), 2: (1, 2)}
    led = carry_over(p, r)  # the vaktregnskap splits the same four among the same three
    assert led["liv"].weekends == 0 and sum(led[i].weekends for i in ("ola", "kari", "per")) == 0


def test_level_twos_bands_stay_the_districts_where_everybody_is_measured():
    from solver.objective import fair_band, fix_count_bands
    from solver.rules import build_model

    nights = [shift(f"natt@{d}", d, 23, 31, kind="night", night=True) for d in range(6)]
    p = problem(nights, [doctor("ola"), doctor("kari"), doctor("per")], days=6)
    ctx = build_model(p)
    fix_count_bands(ctx, rota(*[(f"natt@{d}", "ola") for d in range(6)]))
    assert ctx.count_bands == {}
    assert fair_band(ctx, list(range(6)), "nights") == {0: (2, 2), 1: (2, 2), 2: (2, 2)}
