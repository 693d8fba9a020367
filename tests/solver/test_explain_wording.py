"""How an explanation says who is kept out and why, on small hand-made cases: one cause for
one line, and only what touches the conflict."""

from __future__ import annotations

from solver.explain import explain, precheck
from solver.problem import Absence, Exemption, Limit, Rules
from tests.solver.helpers import at, doctor, problem, shift


def _core(e) -> str:
    return next(m for m in e.messages if m.startswith("Reglene som"))


def test_a_fritak_for_the_whole_period_is_one_line_not_split_by_a_ferie_inside_it():
    # Kari and Ola have fritak for the whole fortnight, so LIS1 Per has no bakvakt for any
    # night; Kari's ferie and Ola's kurs inside it change nothing and must not split the
    # nights over three lines (nor be named beside the fritak)
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt", requires_competent=False)
              for d in range(14)]
    fritak = (Exemption(at(0, 0), at(14, 0), "full", "granted"),)
    docs = [doctor("kari", name="Kari", exemptions=fritak,
                   absences=(Absence(at(3, 0), at(6, 0), "ferie"),)),
            doctor("ola", name="Ola", exemptions=fritak,
                   absences=(Absence(at(9, 0), at(10, 0), "kurs"),)),
            doctor("per", competent=False, name="Per")]
    p = problem(nights, docs, days=14)
    line = ("14 vakter fra 04.01 til 17.01 (natt): ingen vaktkompetent bakvakt er ledig for Per "
            "— Kari og Ola har fritak")
    assert precheck(p) == [line]
    e = explain(p, time_limit=10)
    assert e.messages[0] == line
    assert "Fravær og fritak (Kari og Ola: fritak)" in _core(e)


def test_a_ferie_over_days_and_nights_is_one_line_beside_a_fritak_from_nights():
    # everyone on ferie in week 2: the nights and the days nobody may take are one line, with
    # Ingrid's ferie (not her fritak fra natt, which does not keep her from the days)
    shifts = [shift(f"dag@{d}", d, 8, 16, label="dag") for d in range(7, 14)]
    shifts += [shift(f"natt@{d}", d, 23, 32, night=True, label="natt") for d in range(7, 14)]
    ferie = (Absence(at(7, 0), at(14, 0), "ferie"),)
    docs = [doctor("kari", name="Kari", absences=ferie), doctor("ola", name="Ola", absences=ferie),
            doctor("ingrid", name="Ingrid", absences=ferie,
                   exemptions=(Exemption(at(0, 0), at(14, 0), "no_nights", "over_55"),))]
    p = problem(shifts, docs, days=14)
    assert precheck(p) == [
        "14 vakter fra 11.01 til 17.01 (dag, natt): ingen tilgjengelig vaktkompetent lege — "
        "Kari, Ola og Ingrid har ferie"]


def test_a_fritak_from_nights_is_not_named_for_a_day_shift_conflict():
    # the day shift on Saturday needs two doctors and only Ola is free: Kari's ferie and
    # Ingrid's kurs are why; Ingrid's fritak fra natt has nothing to do with it
    days = [shift(f"dag@{d}", d, 8, 16, label="dag", required=2) for d in (5, 6)]
    nights = [shift(f"natt@{d}", d, 23, 32, night=True, label="natt") for d in range(7)]
    docs = [doctor("kari", name="Kari", absences=(Absence(at(5, 0), at(6, 0), "ferie"),)),
            doctor("ingrid", name="Ingrid", absences=(Absence(at(5, 0), at(6, 0), "kurs"),),
                   exemptions=(Exemption(at(0, 0), at(7, 0), "no_nights", "over_55"),)),
            doctor("ola", name="Ola"), doctor("liv", name="Liv", absences=(
                Absence(at(5, 0), at(6, 0), "permisjon"),))]
    e = explain(problem(days + nights, docs), time_limit=10)
    assert e.messages[0] == ("09.01 dag: trenger 2 leger, bare 1 er tilgjengelig — Kari har ferie; "
                             "Ingrid har kurs; Liv har permisjon")
    core = _core(e)
    assert "Ingrid: kurs 09.01" in core
    assert "fritak fra natt" not in core


def test_one_shortage_with_someone_else_away_each_week_is_one_line():
    # the kveld needs three doctors and only Kari and Ola take legevakt (the others have
    # vaktandel 0), so every kveld of the month is short; who else is away changes each week,
    # which split it into five lines (one per week and one for the days nobody else is away)
    kveld = [shift(f"kveld@{d}", d, 16, 23, label="kveld", required=3) for d in range(28)]
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola")]
    for week, (did, kind) in enumerate((("liv", "ferie"), ("per", "kurs"), ("eva", "permisjon"),
                                        ("nils", "ferie"))):
        away = (Absence(at(7 * week, 0), at(7 * week + 7, 0), kind),)
        docs.append(doctor(did, name=did.capitalize(), share=0, absences=away))
    p = problem(kveld, docs, days=28, rules=Rules(max_per_week=Limit(3)))
    # (and no week line: the weeks are short because the kvelder are)
    assert precheck(p) == [
        "28 vakter fra 04.01 til 31.01 (kveld): trenger 3 leger, bare 2 er tilgjengelige — Liv, "
        "Per, Eva og Nils har vaktandel 0"]


def test_who_is_out_only_some_of_the_days_of_a_long_shortage_is_said_so():
    # as above, but Liv, Per, Eva and Nils take legevakt: each is away one week of the four,
    # so only five are free on any day, for a kveld that needs six
    kveld = [shift(f"kveld@{d}", d, 16, 23, label="kveld", required=6) for d in range(28)]
    docs = [doctor("kari", name="Kari"), doctor("ola", name="Ola")]
    for week, (did, kind) in enumerate((("liv", "ferie"), ("per", "kurs"), ("eva", "permisjon"),
                                        ("nils", "ferie"))):
        docs.append(doctor(did, name=did.capitalize(),
                           absences=(Absence(at(7 * week, 0), at(7 * week + 7, 0), kind),)))
    assert precheck(problem(kveld, docs, days=28)) == [
        "28 vakter fra 04.01 til 31.01 (kveld): trenger 6 leger, bare 5 er tilgjengelige — noen "
        "av dagene har Liv, Per, Eva og Nils ferie, kurs eller permisjon"]
