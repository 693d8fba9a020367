"""`legevakt next-period`: the next period's project with the vaktregnskap carried over from the
rota, written to a new file; the old project is never changed; bad input is one Norwegian line."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.engine_input import build_problem, project_rota
from legevakt_app.project_io import load_project, save_project
from solver.baseline import round_robin
from solver.ledger import carry_over
from tests.conftest import SAMPLES


def _with_rota(tmp_path, name="interkommunal"):
    """A copy of a sample with a rota in it (the naive round robin: what was worked)."""
    project = load_project(SAMPLES[name])
    rota = round_robin(build_problem(project))
    project = project.model_copy(update={"rota": [
        PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
        for a in rota.assignments]})
    path = tmp_path / f"{name}.legevakt.json"
    save_project(project, path, backup=False)
    return path, project


def test_next_period_carries_the_ledger_into_a_new_project(tmp_path, capsys):
    source, project = _with_rota(tmp_path)
    before = source.read_bytes()
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert source.read_bytes() == before  # the old project is untouched
    new = load_project(out)
    # the half year after, of the same length; no rota or snapshots yet
    assert (new.period.start, new.period.end) == (date(2027, 7, 5), date(2028, 1, 2))
    assert new.rota == [] and new.snapshots == []
    assert [d.id for d in new.doctors] == [d.id for d in project.doctors]
    # each ledger is what the engine's carry-over says of the rota worked
    expected = carry_over(build_problem(project), project_rota(project))
    for d in new.doctors:
        e = expected[d.id]
        assert (d.ledger.load_balance, d.ledger.nights, d.ledger.weekends, d.ledger.high_days) == (
            round(e.load_balance, 1), e.nights, e.weekends, e.high_days)
        assert set(d.ledger.had_high_days) == e.had_high_days
        # in the one order every list of høytider has: «påske, 17. mai», not alphabetical
        order = ["jul", "nyttår", "påske", "pinse", "17. mai"]
        assert d.ledger.had_high_days == sorted(d.ledger.had_high_days, key=order.index)
    assert any(len(d.ledger.had_high_days) > 1 for d in new.doctors)
    # the table's headings say what is counted: vakter, with the report's words
    assert "Vakter i helg" in printed and "Høytidsvakter" in printed
    assert "Helgevakter" not in printed
    # the round robin is unfair: somebody carries hours over, somebody under, and every doctor
    # on the rota had Easter or another høytid this spring
    balances = [d.ledger.load_balance for d in new.doctors]
    assert max(balances) > 5 and min(balances) < -5
    assert any(d.ledger.had_high_days for d in new.doctors)
    # absences before the new period are gone, and the new project solves as it is
    assert all(a.end >= new.period.start for d in new.doctors for a in d.unavailable)
    assert build_problem(new).shifts
    # the table names every doctor with the carried hours
    for d in new.doctors:
        assert d.name in printed
    assert "Neste periode 05.07.2027–02.01.2028 lagret i" in printed


def test_every_value_stands_under_its_heading(tmp_path, capsys):
    # the balances end where their heading ends; «Hadde høytid» and «Merknad» begin where
    # theirs begin, whatever the widths (before, from «Helgevakter» on the values sat 4-12
    # characters left of their heading, and the høytider under the wrong one)
    from legevakt_app.next_period import signed

    source, _ = _with_rota(tmp_path)
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    heading = next(line for line in lines if line.startswith("Lege "))
    start = {h: heading.index(h) for h in ("Timer", "Netter", "Vakter i helg", "Høytidsvakter",
                                           "Hadde høytid", "Merknad")}
    end = {h: at + len(h) for h, at in start.items()}
    new = load_project(out)
    assert any(d.ledger.had_high_days for d in new.doctors)
    for d in new.doctors:
        row = next(line for line in lines if line.startswith(d.name + " "))
        for h, value in (("Timer", d.ledger.load_balance), ("Netter", d.ledger.nights),
                         ("Vakter i helg", d.ledger.weekends),
                         ("Høytidsvakter", d.ledger.high_days)):
            text = signed(value)
            assert row[end[h] - len(text):end[h] + 1].rstrip() == text, (d.name, h, row)
            assert row[end[h] - len(text) - 1] == " ", (d.name, h, row)
        had = ", ".join(d.ledger.had_high_days) or "–"
        assert row[start["Hadde høytid"] - 1:].startswith(" " + had), (d.name, row)
        note = row[start["Merknad"]:]
        assert not row[start["Merknad"] - 1:start["Merknad"]].strip(), (d.name, row)
        assert note == "" or not note.startswith(" "), (d.name, row)
    assert any(row[start["Merknad"]:].startswith("trenger bakvakt") for row in lines)


def test_a_carried_christmas_steers_the_next_solve(tmp_path):
    # the carried ledger goes into the engine: had_high_days reaches the solver's doctors
    source, _ = _with_rota(tmp_path)
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    new = load_project(out)
    problem = build_problem(new)
    by_id = {d.id: d for d in problem.doctors}
    for d in new.doctors:
        assert by_id[d.id].ledger.had_high_days == frozenset(d.ledger.had_high_days)
        assert by_id[d.id].ledger.load_balance == d.ledger.load_balance
    # the new period (July to New Year) has Christmas and New Year shifts, named
    names = {s.high_day_name for s in problem.shifts if s.high_day}
    assert names == {"jul", "nyttår"}


def test_refusals_save_nothing(tmp_path, capsys):
    source, _ = _with_rota(tmp_path)
    existing = tmp_path / "finnes.legevakt.json"
    existing.write_text("{}", encoding="utf-8")
    cases = [
        (["--out", str(existing)], "finnes fra før; ingenting er lagret"),
        (["--out", str(source)], "er prosjektet det føres fra"),
        # the option is named, as for every other bad argument
        (["--out", str(tmp_path / "a.legevakt.json"), "--start", "2027-06-01"],
         "--start 01.06.2027: ny periode starter 01.06.2027, men må starte etter denne "
         "periodens slutt (04.07.2027)"),
        (["--out", str(tmp_path / "b.legevakt.json"), "--end", "01.07.2027"],  # as written
         "--end 01.07.2027: ny periode slutter 01.07.2027, før den starter (05.07.2027)"),
        (["--out", str(tmp_path / "c.legevakt.json"), "--end", "2029-01-01"],
         "--end 01.01.2029: ny periode 05.07.2027–01.01.2029 er 547 dager; høyst 53 uker "
         "støttes"),
    ]
    for args, expected in cases:
        assert main(["next-period", str(source), *args]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert err.startswith("legevakt next-period: ") and expected in err, err
    assert existing.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finnes.legevakt.json",
                                                          "interkommunal.legevakt.json"]


def test_a_new_period_beyond_the_years_a_project_holds_is_refused_in_norwegian(tmp_path, capsys):
    """A mistyped year (2207) is one Norwegian line naming the option, not the validator's
    English; the dialog's check (period_problem) says the same of a period running past 2199."""
    from legevakt_app.next_period import period_problem

    source, _ = _with_rota(tmp_path)
    out = tmp_path / "neste.legevakt.json"
    with pytest.raises(SystemExit) as stop:  # a bad option value: argparse's usage and exit 2
        main(["next-period", str(source), "--out", str(out), "--start", "05.07.2207"])
    assert stop.value.code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "legevakt next-period: --start: «05.07.2207»: året 2207 er utenfor 1900–2199" in err
    assert "validation error" not in err and "intern feil" not in err
    assert main(["next-period", str(source), "--out", str(out), "--start", "01.12.2199"]) \
        == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("legevakt next-period: --start 01.12.2199: ny periode "
                          "01.12.2199–31.05.2200 går utenfor årene 1900–2199"), err
    assert not out.exists()
    assert period_problem(date(2207, 7, 5), date(2208, 1, 2)) is not None


def test_a_project_without_a_rota_is_refused(tmp_path, capsys):
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", "liten-kommune", "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "prosjektet har ingen turnus å føre vaktregnskapet fra" in err
    # a bundled sample cannot be saved: the advice starts with a copy, not a refused command
    assert "medfølgende eksempel" in err and "cp " in err
    assert "legevakt solve mitt-liten-kommune.legevakt.json --save" in err
    assert not out.exists()


def _check_with_ledgers(tmp_path, capsys, field: str, values: list) -> str:
    """``legevakt check`` on liten-kommune with the first doctors' ledger ``field`` set to
    ``values`` (one per doctor): it must refuse the file (exit 2); returns what it printed."""
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    for i, value in enumerate(values):
        doc["doctors"][i]["ledger"][field] = value
    path = tmp_path / "feil.legevakt.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_ledger_field_is_checked_like_every_other(tmp_path, capsys):
    out = _check_with_ledgers(tmp_path, capsys, "had_high_days", [["jul", "jul"], ["hanukka"]])
    assert "lege 1 (Kari Nordeng), Vaktregnskap, Hadde høytid: hver høytid kan stå bare én gang" in out
    assert "lege 2 (Ola Hallingset), Vaktregnskap, Hadde høytid 1: er ikke et av valgene" in out


def test_the_last_vakt_end_is_checked_like_every_other_field(tmp_path, capsys):
    # liten-kommune starts Monday 04.01.2027; a vakt of the period before began on Sunday
    # 03.01 at the latest and lasts at most 7 days, so it ended by Sunday 10.01
    out = _check_with_ledgers(tmp_path, capsys, "last_vakt_end", ["9999-12-31T23:30:00"])
    # a year out of range was an «intern feil» (the rest rule overflowed the calendar)
    assert ("lege 1 (Kari Nordeng), Vaktregnskap, Siste vakt sluttet: 31.12.9999 23:30 er utenfor årene 1900–2199; "
            "skriv en virkelig dato") in out, out
    assert "intern feil" not in out and "Traceback" not in out
    out = _check_with_ledgers(tmp_path, capsys, "last_vakt_end", [
        "2027-01-03T08:00:00", "2027-01-11T08:00:00", "2027-01-10T23:00:00"])
    assert ("lege 2 (Ola Hallingset), Vaktregnskap, Siste vakt sluttet: siste vakt i forrige periode sluttet 11.01.2027 "
            "08:00, men en vakt som begynte før denne periodens start (04.01.2027), varer "
            "høyst til og med 10.01.2027") in out, out
    assert "lege 1" not in out and "lege 3" not in out and "Traceback" not in out


def test_a_fritak_running_to_the_end_goes_on_and_old_absences_are_dropped(tmp_path):
    # Lysfjord: Ingrid's over-55 fritak from nights runs to the period's last day; Kari's
    # February ferie and Ola's April course are over
    source, project = _with_rota(tmp_path, "liten-kommune")
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out), "--end", "2028-07-02"]) == EXIT_OK
    new = load_project(out)
    ingrid = next(d for d in new.doctors if d.exemptions)
    (fritak,) = ingrid.exemptions
    assert (fritak.category, fritak.scope) == ("over_55", "no_nights")
    assert fritak.end == date(2028, 7, 2) == new.period.end
    assert all(not d.unavailable for d in new.doctors)
    assert sum(len(d.unavailable) for d in project.doctors) > 0
    # her fritak is what the engine sees in the new period: no night for her
    problem = build_problem(new)
    night_exempt = next(d for d in problem.doctors if d.id == ingrid.id)
    assert night_exempt.exemptions[0].scope == "no_nights"


def test_a_fritak_with_its_own_end_date_keeps_it_and_the_table_says_which_go_on(tmp_path, capsys):
    # Kari has a granted full fritak 01.06–31.08.2027, past this period's end (04.07.2027):
    # it ends when it was granted to end, not when the new period does
    from legevakt_app.domain import Exemption

    source, project = _with_rota(tmp_path, "liten-kommune")
    kari = project.doctors[0]
    granted = Exemption(start=date(2027, 6, 1), end=date(2027, 8, 31), scope="full",
                        category="granted")
    project.doctors[0] = kari.model_copy(update={"exemptions": [granted]})
    save_project(project, source, backup=False)
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    new = load_project(out)
    assert [e.end for e in new.doctors[0].exemptions] == [date(2027, 8, 31)]
    # Ingrid's over-55 fritak ran to the period's last day: it goes on, and the table says so
    ingrid = next(d for d in new.doctors if d.name == "Ingrid Reinvik")
    assert ingrid.exemptions[0].end == new.period.end
    row = next(line for line in printed.splitlines() if line.startswith("Ingrid Reinvik"))
    assert f"fritak videreført til {new.period.end:%d.%m.%Y}" in row
    kari_row = next(line for line in printed.splitlines() if line.startswith(kari.name))
    assert "fritak videreført" not in kari_row


def test_the_rest_rule_runs_on_across_the_change_of_period(tmp_path):
    from datetime import datetime

    from solver.checker import check
    from solver.problem import Assignment, Rota

    source, project = _with_rota(tmp_path, "liten-kommune")
    project.rules.min_rest_hours = 11
    save_project(project, source, backup=False)
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    new = load_project(out)
    # who had the last night of the old period (a døgnvakt 16–08 ending on the new first day)
    last = max(project.rota, key=lambda a: a.shift_id)
    doc = next(d for d in new.doctors if d.id == last.doctor_id)
    assert doc.ledger.last_vakt_end == datetime.combine(new.period.start, datetime.min.time()) \
        .replace(hour=8)
    # 08:00 + 11 t: the first evening's vakt (16:00) is too soon for that doctor, not for others
    problem = build_problem(new)
    first = min(problem.shifts, key=lambda s: s.start)
    too_soon = check(problem, Rota([Assignment(first.id, doc.id)]))
    assert any(v.rule == "unavailability" and v.message.startswith(
        f"{doc.name} har hvile etter vakt i forrige periode") for v in too_soon)
    other = next(d for d in new.doctors if d.id != doc.id and d.legevakt_share > 0
                 and not d.exemptions)
    assert not [v for v in check(problem, Rota([Assignment(first.id, other.id)]))
                if v.rule == "unavailability"]


def test_the_rest_across_the_change_of_period_is_real_hours_over_summer_time():
    """A period starting on the night clocks go forward: 11 h rest after a vakt ending
    Saturday 21:00 last until 09:00 summer time (11 real hours), not 08:00."""
    from datetime import UTC, datetime, timedelta

    project = load_project(SAMPLES["liten-kommune"])
    project.period.start, project.period.end = date(2027, 3, 28), date(2027, 4, 24)
    project.rules.min_rest_hours = 11
    doc = project.doctors[0]
    doc.ledger.last_vakt_end = datetime(2027, 3, 27, 21, 0)
    [rest] = [a for a in next(d for d in build_problem(project).doctors if d.id == doc.id).absences
              if a.kind == "hvile"]
    assert rest.end.isoformat() == "2027-03-28T09:00:00+02:00"
    real = rest.end.astimezone(UTC) - rest.start.astimezone(UTC)
    assert real == timedelta(hours=11, minutes=-1)  # from a minute after the vakt ended


def test_a_ledger_balance_reads_as_the_leger_table_shows_it():
    from legevakt_app.next_period import signed

    # a whole number without «,0», as the table shows it; a sign on what is carried
    assert [signed(v) for v in (-2.0, 4.9, 0.04, -1.2, 3)] == ["-2", "+4,9", "0", "-1,2", "+3"]


def test_a_doctor_in_training_takes_the_periods_months_and_vakter_along(tmp_path, capsys):
    """interkommunal's ALIS has 26 months and 12 legevakter; half a year and her vakter make
    her vaktkompetent next period, so colleagues stop carrying her bakvakter."""
    from legevakt_app.competence import derive_competence
    from legevakt_app.next_period import next_period

    source, project = _with_rota(tmp_path)
    rule = project.rules.competence_rule
    training = [d for d in project.doctors if not derive_competence(d.competence, rule).competent]
    carried = next_period(project)
    new = {d.id: d for d in carried.project.doctors}
    for d in training:
        done = sum(1 for a in project.rota if a.doctor_id == d.id and a.role == "vakt")
        facts = new[d.id].competence
        assert facts.clinical_months == d.competence.clinical_months + 6  # 04.01–04.07
        assert facts.legevakter_done == d.competence.legevakter_done + done
        assert facts.years_allmennlege == round(d.competence.years_allmennlege + 0.5, 2)
        assert d.id in carried.competence
    became = [d for d in training if derive_competence(new[d.id].competence, rule).competent]
    assert became and all(carried.competence[d.id].endswith("nå vaktkompetent") for d in became)
    # a doctor already competent is left as entered
    other = next(d for d in project.doctors if d not in training)
    assert new[other.id].competence == other.competence and other.id not in carried.competence
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    assert f"Kompetanse: {became[0].name}: " in capsys.readouterr().out


def _rota_worked(path, day="", doctor_id=""):
    """The project at ``path`` with the naive round robin stored as its rota (what was worked),
    the vakter of ``day`` (ÅÅÅÅ-MM-DD) given to ``doctor_id``."""
    project = load_project(path)
    rota = round_robin(build_problem(project))
    project = project.model_copy(update={"rota": [
        PublishedAssignment(shift_id=a.shift_id, role=a.role, doctor_id=doctor_id
                            if day and a.role == "vakt" and a.shift_id.endswith("@" + day)
                            else a.doctor_id)
        for a in rota.assignments]})
    save_project(project, path, backup=False)
    return project


def test_nyttår_split_by_half_years_is_remembered_whole(tmp_path):
    """Calendar half-years split nyttår: New Year's Eve ends July–December, 1 January begins
    January–June. Who had New Year's Eve still had nyttår when the spring is carried over, so
    next New Year goes to the others: the spring's 1 January does not wipe out 31 December."""
    source, _ = _with_rota(tmp_path, "liten-kommune")
    autumn, spring, after = (tmp_path / f"{n}.legevakt.json" for n in ("h2", "h1", "neste"))
    assert main(["next-period", str(source), "--out", str(autumn), "--start", "05.07.2027",
                 "--end", "31.12.2027"]) == EXIT_OK
    autumn_project = _rota_worked(autumn)
    assert main(["next-period", str(autumn), "--out", str(spring), "--start", "01.01.2028",
                 "--end", "30.06.2028"]) == EXIT_OK

    def on(project, day):
        return {a.doctor_id for a in project.rota
                if a.role == "vakt" and a.shift_id.endswith("@" + day)}

    eve = on(autumn_project, "2027-12-31")
    # 1 January goes to one who had no New Year's Eve
    other = next(d.id for d in autumn_project.doctors if d.id not in eve)
    spring_project = _rota_worked(spring, "2028-01-01", other)
    assert main(["next-period", str(spring), "--out", str(after)]) == EXIT_OK
    new_year = on(spring_project, "2028-01-01")
    assert eve and new_year == {other}
    carried = {d.id: d.ledger.had_high_days for d in load_project(after).doctors}
    assert {i for i, had in carried.items() if "nyttår" in had} == eve | new_year
    # a spring that holds a nyttår of its own start says who had that one
    from legevakt_app.next_period import continued_high_days

    assert continued_high_days(date(2028, 1, 1), date(2028, 6, 30)) == {"nyttår"}
    assert continued_high_days(date(2028, 1, 1), date(2028, 12, 31)) == frozenset()
    assert continued_high_days(date(2028, 1, 3), date(2028, 7, 2)) == frozenset()
    assert continued_high_days(date(2027, 3, 29), date(2027, 9, 26)) == {"påske"}  # 2. påskedag


def test_a_lis1_with_bakvakt_carries_on_her_counts_and_the_table_says_why(tmp_path, capsys):
    """Lysfjord's LIS1 needs bakvakt: her nights, weekends and høytid are what her load asks
    (her colleagues' bakvakter are load), so they are carried on unchanged, not as a debt the
    others pay back later; her hours are measured as anyone's."""
    source, project = _with_rota(tmp_path, "liten-kommune")
    lis1 = next(d for d in project.doctors if d.kind == "lis1")
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    carried = next(d for d in load_project(out).doctors if d.id == lis1.id).ledger
    assert (carried.nights, carried.weekends, carried.high_days) == (
        lis1.ledger.nights, lis1.ledger.weekends, lis1.ledger.high_days)
    expected = carry_over(build_problem(project), project_rota(project))[lis1.id]
    assert carried.load_balance == round(expected.load_balance, 1) != 0
    row = next(line for line in printed.splitlines() if line.startswith(lis1.name))
    assert "trenger bakvakt: netter, helger og høytid bare ført videre" in row
    assert "Leger som trenger bakvakt, tar flere vakter enn andelen" in printed


def test_the_spacing_limits_run_on_across_the_change_of_period(tmp_path):
    """Hard firedelt: the days each doctor's vakter started on in the old period's last days go
    into the ledger, and the new period's solve keeps four days from them."""
    from datetime import timedelta

    from legevakt_app.domain import CARRIED_DAYS, FrequencyLimit
    from legevakt_app.shifts import expand_shifts
    from solver.checker import check
    from solver.problem import Assignment, Rota
    from solver.solve import solve

    source, project = _with_rota(tmp_path, "interkommunal")
    project.rules.max_in_window = FrequencyLimit(value=1, hard=True)
    save_project(project, source, backup=False)
    out = tmp_path / "neste.legevakt.json"
    # two weeks: enough to see the first days, quick to solve
    assert main(["next-period", str(source), "--out", str(out), "--end", "2027-07-18"]) == EXIT_OK
    new = load_project(out)
    # each doctor's duty days: the days her vakter (not bakvakter) started, in the last 31 days
    start_day = {s.id: s.start.date() for s in expand_shifts(project)}
    expected: dict[str, set[date]] = {}
    for a in project.rota:
        day = start_day[a.shift_id]
        if a.role == "vakt" and day >= new.period.start - timedelta(days=CARRIED_DAYS):
            expected.setdefault(a.doctor_id, set()).add(day)
    assert any(expected.values())
    for d in new.doctors:
        assert d.ledger.earlier_duty_days == sorted(expected.get(d.id, ()))
    # the engine has them, and the new period's rota keeps the firedelt from them
    problem = build_problem(new)
    for d in problem.doctors:
        assert list(d.earlier_duty_days) == sorted(expected.get(d.id, ()))
    r = solve(problem, time_limit=30, deterministic=True)
    assert r.status in ("optimal", "feasible")
    assert check(problem, r.rota) == []
    shifts = {s.id: s for s in problem.shifts}
    for d in problem.doctors:
        new_days = [shifts[a.shift_id].start.date() for a in r.rota.assignments
                    if a.doctor_id == d.id and a.role == "vakt"]
        if d.earlier_duty_days and new_days:
            assert (min(new_days) - max(d.earlier_duty_days)).days >= 4, d.id
    # the doctor of the old period's last evening given the new period's first: the checker
    # says the other vakt was in the period before
    last = max(problem.doctors, key=lambda d: max(d.earlier_duty_days, default=date.min))
    first = min((s for s in problem.shifts if s.kind == "evening"), key=lambda s: s.start)
    others = [a for a in r.rota.assignments if not (a.shift_id == first.id and a.role == "vakt")]
    moved = Rota(others + [Assignment(first.id, last.id)])
    found = [v for v in check(problem, moved, doctors={last.id})
             if v.rule == "max_in_window" and v.shift_id == first.id]
    assert found and "i forrige periode" in found[0].message and last.name in found[0].message
    # the result file keeps the days, and the app reads it back (report, export, check)
    from legevakt_app.rota_source import source_from_result_document
    from solver.rota_file import to_dict

    read = source_from_result_document(json.loads(json.dumps(to_dict(problem, moved))))
    assert {d.id: d.earlier_duty_days for d in read.problem.doctors} == {
        d.id: d.earlier_duty_days for d in problem.doctors}
    assert check(read.problem, read.rota) == check(problem, moved)


def test_the_carried_duty_days_are_checked_like_every_other_field(tmp_path, capsys):
    out = _check_with_ledgers(tmp_path, capsys, "earlier_duty_days", [
        ["2027-01-02", "2027-01-02"], ["2027-01-03", "2027-01-05"], ["3. januar"]])
    assert "lege 1 (Kari Nordeng), Vaktregnskap, Vaktdager i forrige periode: hver dag kan stå bare én gang" in out
    assert "lege 3 (Ingrid Reinvik), Vaktregnskap, Vaktdager i forrige periode 1: må være en dato ÅÅÅÅ-MM-DD" in out
    assert "Traceback" not in out
    # a day inside the period is no day of the period before
    out = _check_with_ledgers(tmp_path, capsys, "earlier_duty_days", [
        ["2027-01-02"], ["2027-01-03", "2027-01-05"], []])
    assert ("lege 2 (Ola Hallingset), Vaktregnskap, Vaktdager i forrige periode: vaktdagen 05.01.2027 skal være fra forrige "
            "periode, men er ikke før denne periodens start (04.01.2027)") in out, out


def test_a_gap_between_the_periods_is_said(tmp_path, capsys):
    """A next period from 01.09 after one ending 04.07: the days between have no rota in
    either project, and the leader is told so."""
    source, _ = _with_rota(tmp_path)
    out = tmp_path / "neste.legevakt.json"
    assert main(["next-period", str(source), "--out", str(out), "--start", "01.09.2027"]) \
        == EXIT_OK
    assert ("Merk: 58 dager mellom periodene (05.07.2027–31.08.2027) har ingen turnus i noen "
            "av dem.") in capsys.readouterr().out
    assert main(["next-period", str(source), "--out", str(tmp_path / "rett.legevakt.json")]) \
        == EXIT_OK
    assert "mellom periodene" not in capsys.readouterr().out


def test_a_missing_project_is_said_before_the_out_file(tmp_path, capsys):
    existing = tmp_path / "finnes.legevakt.json"
    existing.write_text("{}", encoding="utf-8")
    assert main(["next-period", str(tmp_path / "borte.legevakt.json"), "--out",
                 str(existing)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "borte.legevakt.json" in err and "finnes fra før" not in err


def test_changes_not_sent_since_publishing_are_pointed_out(tmp_path, published, capsys):
    """The QA audit: five weekend vakter given to Kari after publishing, not sent, counted in
    her ledger (+91 h) without a word. The ledger counts the rota as saved, and says so."""
    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(published)
    project = load_project(path)
    kari = next(d.id for d in project.doctors if d.name == "Kari Nordeng")
    first = next(a for a in project.rota if a.role == "vakt" and a.doctor_id != kari)
    assert main(["edit", str(path), "give", first.shift_id, kari]) == EXIT_OK
    capsys.readouterr()
    assert main(["next-period", str(path), "--out", str(tmp_path / "neste.legevakt.json")]) \
        == EXIT_OK
    out = capsys.readouterr().out
    assert "Merk: turnusen er endret etter siste publisering" in out
    # the vakt given, and the bakvakt it no longer needs or now needs
    assert re.search(r"\d+ tildelinger? står ikke som legene fikk dem", out), out
    # as published: no note
    clean = tmp_path / "ren.legevakt.json"
    clean.write_bytes(published)
    assert main(["next-period", str(clean), "--out", str(tmp_path / "neste2.legevakt.json")]) \
        == EXIT_OK
    assert "endret etter siste publisering" not in capsys.readouterr().out
