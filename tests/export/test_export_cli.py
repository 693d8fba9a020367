"""``legevakt export``: files written, exit codes 0 / 1 / 2, no tracebacks."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import openpyxl
import pytest
from icalendar import Calendar

from legevakt_app.calendar import OSLO
from legevakt_app.cli import main
from legevakt_app.domain import PublishedAssignment
from legevakt_app.export.xlsx import STATUS_TEXT
from legevakt_app.project_io import load_project, save_project
from legevakt_app.rota_source import load_source
from tests.conftest import SAMPLES
from tests.export.conftest import handmade_rota, sample_source
from tests.export.test_xlsx import calamine_rows


@pytest.fixture
def project_with_rota(tmp_path):
    project = load_project(SAMPLES["liten-kommune"])
    rota = handmade_rota(sample_source("liten-kommune").problem)
    project = project.model_copy(
        update={
            "rota": [
                PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                for a in rota.assignments
            ]
        }
    )
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(project, path)
    return path, len(rota.assignments)


def test_export_xlsx_and_ics(project_with_rota, tmp_path, capsys):
    path, count = project_with_rota
    xlsx = tmp_path / "turnus.xlsx"
    code = main(["export", str(path), "--xlsx", str(xlsx), "--ics-dir", str(tmp_path / "ics")])
    assert code == 0, capsys.readouterr().err
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Turnus"
    assert len(list((tmp_path / "ics").glob("*.ics"))) == 4
    out = capsys.readouterr().out
    assert "Excel:" in out and "Kalender: 4" in out


def test_a_doctor_removed_after_publishing_gets_a_calendar_of_cancellations(project_with_rota,
                                                                           tmp_path, capsys):
    """The leader publishes the calendars, Ola leaves and is removed from the project, and the
    calendars are exported again: Ola's file is written too, every vakt he was given cancelled,
    and the export says there is a file for a doctor no longer in the project (not an old file
    left from before)."""
    path, _ = project_with_rota
    cal = tmp_path / "ics"
    assert main(["export", str(path), "--ics-dir", str(cal), "--publish"]) == 0
    capsys.readouterr()
    project = load_project(path)
    given = [a for a in project.rota if a.doctor_id == "lege02"]
    project.doctors = [d for d in project.doctors if d.id != "lege02"]  # as the Leger table does
    project.rota = [a for a in project.rota if a.doctor_id != "lege02"]
    save_project(project, path)

    assert main(["export", str(path), "--ics-dir", str(cal)]) == 0
    captured = capsys.readouterr()
    assert (f"Kalender: 4 .ics-filer i {cal}, 1 av dem for en lege som ikke lenger er i "
            "prosjektet (Ola Hallingset: bare avlysninger)") in captured.out
    assert "fra før" not in captured.err  # his file is this rota's, not an old one
    events = Calendar.from_ical((cal / "lege02-Ola-Hallingset.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(given) and given
    assert {str(e["status"]) for e in events} == {"CANCELLED"}
    assert min(int(e["sequence"]) for e in events) >= 1


def test_nothing_to_do_is_bad_input(project_with_rota, capsys):
    path, _ = project_with_rota
    assert main(["export", str(path)]) == 2
    assert "--xlsx" in capsys.readouterr().err


def test_missing_file_is_bad_input(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nope.json"), "--xlsx", str(tmp_path / "x.xlsx")]) == 2
    assert "finner ikke filen" in capsys.readouterr().err


def test_unwritable_target_is_bad_input(project_with_rota, tmp_path, capsys):
    path, _ = project_with_rota
    target = tmp_path / "no-such-folder" / "x.xlsx"
    assert main(["export", str(path), "--xlsx", str(target)]) == 2
    # refused before anything is solved or written, naming the missing folder
    assert f"mappen {target.parent} finnes ikke" in capsys.readouterr().err


def day_duties_in_turnus(path) -> Counter:
    """(date, doctor name, role) of every filled cell of the Turnus grid (calamine)."""
    rows = calamine_rows(path, "Turnus")
    roles = rows[2]
    found: Counter = Counter()
    for row in rows[3:]:
        day = row[0].date() if isinstance(row[0], datetime) else row[0]
        for c in range(4, len(row)):
            if row[c] not in (None, "", "LEDIG"):
                role = "bakvakt" if str(roles[c]).startswith("Bakvakt") else "vakt"
                found[(day, row[c], role)] += 1
    return found


def test_solved_result_file_exports_exactly_its_rota(tmp_path, capsys):
    """The path a leader takes: ``legevakt solve --out`` (a real CP-SAT solve), then
    ``legevakt export RESULT``. The result file has no project, so names and columns come
    from the file alone; the workbook and the calendars must still say what the rota says."""
    result = tmp_path / "lysfjord.json"
    assert main(["solve", "liten-kommune", "--out", str(result), "--time-limit", "2",
                 "--quiet"]) == 0  # fmt: skip
    xlsx, ics = tmp_path / "turnus.xlsx", tmp_path / "ics"
    assert main(["export", str(result), "--xlsx", str(xlsx), "--ics-dir", str(ics)]) == 0
    said = capsys.readouterr()
    assert "Excel:" in said.out
    # calendars from a result file: there is no project to keep what they hold in (said)
    assert "en resultatfil husker ikke hva kalenderne holder" in said.err

    source = load_source(str(result))
    assert source.project is None and source.has_rota
    names = {d.id: d.name for d in source.problem.doctors}
    shifts = {s.id: s for s in source.problem.shifts}
    want = Counter(
        (shifts[a.shift_id].start.astimezone(OSLO).date(), names[a.doctor_id], a.role)
        for a in source.rota.assignments
    )
    assert day_duties_in_turnus(xlsx) == want
    about = {r[0]: r[1] for r in calamine_rows(xlsx, "Om turnusen") if r and r[0]}
    assert about["Løsningsstatus"] in STATUS_TEXT.values()
    assert isinstance(about["Nivå 1: nedre grense"], float)

    per_doctor = Counter(a.doctor_id for a in source.rota.assignments)
    files = sorted(ics.glob("*.ics"))
    assert len(files) == len(per_doctor)
    for path in files:
        doctor_id = path.name.split("-", 1)[0]
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert len(events) == per_doctor[doctor_id]


def test_project_without_rota_is_solved_then_exported(tmp_path, capsys):
    """A project with no stored rota: export solves it first (briefly) and says so."""
    xlsx = tmp_path / "x.xlsx"
    assert main(["export", "liten-kommune", "--xlsx", str(xlsx), "--time-limit", "2"]) == 0
    assert "ingen lagret turnus" in capsys.readouterr().err
    rows = calamine_rows(xlsx, "Turnus")
    assert sum(1 for r in rows[3:] for v in r[4:] if v not in (None, "", "LEDIG")) > 0
    # «Om turnusen» gives each objective level of that solve, with its proven bound
    about = {r[0]: r[1] for r in calamine_rows(xlsx, "Om turnusen") if r and r[0]}
    assert "Nivå 1: Største belastning per andel" in about
    assert "Nivå 2: nedre grense" in about


def test_export_of_an_infeasible_project_is_no_rota(tmp_path, capsys):
    """Every doctor exempt: no rota exists; exit 1 with the explanation, no workbook."""
    document = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    period = document["period"]
    for doctor in document["doctors"]:
        doctor["exemptions"] = [{"start": period["start"], "end": period["end"],
                                 "category": "granted", "scope": "full"}]  # fmt: skip
    project = tmp_path / "ingen.legevakt.json"
    project.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    xlsx = tmp_path / "x.xlsx"
    assert main(["export", str(project), "--xlsx", str(xlsx), "--time-limit", "2"]) == 1
    err = capsys.readouterr().err
    assert "ingen turnus" in err and "Traceback" not in err
    assert not xlsx.exists()


# ------------------------------------------------------------------ import (preview, --apply)


def run_import_cli(argv: list[str]) -> int:
    """``legevakt import …`` as the command line will run it (parser + handler)."""
    import argparse

    from legevakt_app.export_cli import add_import_arguments, run_import

    parser = argparse.ArgumentParser(prog="legevakt import")
    add_import_arguments(parser)
    return run_import(parser.parse_args(argv))


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "lysfjord.legevakt.json"
    save_project(load_project(SAMPLES["liten-kommune"]), path, backup=False)
    return path


def test_import_previews_and_saves_only_with_apply(project_file, tmp_path, capsys):
    absences = tmp_path / "fravaer.csv"
    absences.write_text("lege;fra;til;type\r\nKari Nordeng;01.06.2027;14.06.2027;ferie\r\n",
                        encoding="utf-8-sig")  # fmt: skip
    before = project_file.read_bytes()
    assert run_import_cli([str(project_file), str(absences)]) == 0
    out = capsys.readouterr().out
    assert "rad 2: nytt fravær: Kari Nordeng: ferie 01.06.2027–14.06.2027" in out
    assert "--apply" in out
    assert project_file.read_bytes() == before  # a preview changes nothing

    assert run_import_cli([str(project_file), str(absences), "--apply"]) == 0
    kari = load_project(project_file).doctors[0]
    assert (kari.unavailable[-1].start.isoformat(), kari.unavailable[-1].end.isoformat()) == (
        "2027-06-01",
        "2027-06-14",
    )
    assert project_file.with_name(project_file.name + ".bak").read_bytes() == before


def test_import_with_problems_saves_nothing_and_lists_every_row(project_file, tmp_path, capsys):
    doctors = tmp_path / "leger.csv"
    doctors.write_text(
        "navn;kommune;fødselsår;stillingsandel\r\n"
        "Nina Nilsen;Lysfjord;1980;0,8\r\n"
        "Odd Olsen;Storby;1975;1\r\n"
        "Nina Nilsen;Lysfjord;1981;1\r\n",
        encoding="utf-8-sig",
    )
    before = project_file.read_bytes()
    assert run_import_cli([str(project_file), str(doctors), "--kind", "leger", "--apply"]) == 2
    err = capsys.readouterr().err
    assert "rad 3, kolonne «kommune»: ukjent kommune «Storby»" in err
    assert "rad 4, kolonne «navn»: legen «Nina Nilsen» står også i rad 2" in err
    assert "ingenting importeres" in err
    assert project_file.read_bytes() == before
    assert not project_file.with_name(project_file.name + ".bak").exists()


def test_import_of_an_unreadable_file_is_a_user_error(project_file, tmp_path):
    from legevakt_app.cli import UserError

    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(UserError, match="ukjent filtype"):
        run_import_cli([str(project_file), str(tmp_path / "x.pdf")])
    with pytest.raises(UserError, match="finner ikke prosjektfilen"):
        run_import_cli([str(tmp_path / "nope.json"), str(tmp_path / "x.pdf")])


NEED_LABEL = "Leger som trengs for firedelt vakt (1:4)"


@pytest.fixture
def three_doctor_project(tmp_path):
    """Three doctors share a døgnvakt every day (1:3), the rota stored: one doctor short."""
    from tests.reports.conftest import dogn_project, round_robin

    project = dogn_project(3)
    project.rota = [PublishedAssignment(shift_id=a.shift_id, doctor_id=a.doctor_id, role=a.role)
                    for a in round_robin(project).assignments]
    path = tmp_path / "testvik.legevakt.json"
    save_project(project, path)
    return path


@pytest.mark.gui  # the PDF is laid out by Qt
def test_export_need_puts_the_engines_answer_in_the_workbook_and_the_pdf(
        three_doctor_project, tmp_path, capsys):
    from tests.export.test_pdf_report import pdf_pages
    from tests.export.test_xlsx import openpyxl_rows

    xlsx, pdf = tmp_path / "turnus.xlsx", tmp_path / "turnus.pdf"
    code = main(["export", str(three_doctor_project), "--xlsx", str(xlsx), "--pdf", str(pdf),
                 "--need"])
    assert code == 0, capsys.readouterr().err
    assert "Regner ut legebehov for 1:4" in capsys.readouterr().err
    said = {r[0]: r[1] for r in openpyxl_rows(xlsx, "Terskel") if r[0]}[NEED_LABEL]
    assert said.startswith("For 1:4 trengs nøyaktig 1 lege til (sjekket med motoren")
    assert "nøyaktig 1 lege til (sjekket med motoren" in " ".join(pdf_pages(pdf))


def test_export_need_from_a_file_that_cannot_be_read_names_the_option(
        three_doctor_project, tmp_path, capsys):
    xlsx = tmp_path / "turnus.xlsx"
    broken = tmp_path / "legebehov.json"
    broken.write_text("{ikke json", encoding="utf-8")
    code = main(["export", str(three_doctor_project), "--xlsx", str(xlsx),
                 "--need-from", str(broken)])
    assert code == 2
    assert f"--need-from {broken}: kan ikke leses" in capsys.readouterr().err
    assert not xlsx.exists()


def test_export_publish_names_whom_the_new_calendars_must_reach(project_with_rota, tmp_path,
                                                              capsys):
    """Published once; then a vakt changes hands. Publishing the calendars again names the
    two doctors whose vakter changed (after it, nothing marks them), as the app does."""
    path, _count = project_with_rota
    assert main(["export", str(path), "--ics-dir", str(tmp_path / "ics1"), "--publish"]) == 0
    assert "må få nye kalendere" not in capsys.readouterr().out  # the first publishing
    project = load_project(path)
    names = {d.id: d.name for d in project.doctors}
    first = next(a for a in project.rota if a.role == "vakt")
    other = next(d.id for d in project.doctors if d.id != first.doctor_id)
    project.rota[project.rota.index(first)] = first.model_copy(update={"doctor_id": other})
    save_project(project, path)
    assert main(["export", str(path), "--ics-dir", str(tmp_path / "ics2"), "--publish"]) == 0
    who = ", ".join(sorted([names[first.doctor_id], names[other]]))
    assert (f"2 leger har endringer siden forrige publisering og må få nye kalendere: {who}."
            in capsys.readouterr().out)


def test_import_replace_cancels_a_ferie_the_list_no_longer_has(project_file, tmp_path, capsys):
    """«legevakt import P ferie.csv --replace --apply»: Kari's winter ferie, no longer in the
    HR list, is cancelled (a row of its own, «rad –»); a doctor list takes no --replace."""
    listed = tmp_path / "ferie.csv"
    listed.write_text("lege;fra;til;type\r\nKari Nordeng;07.06.2027;11.06.2027;ferie\r\n",
                      encoding="utf-8")
    assert run_import_cli([str(project_file), str(listed), "--replace", "--apply"]) == 0
    out = capsys.readouterr().out
    assert "rad 2: nytt fravær: Kari Nordeng: ferie 07.06.2027–11.06.2027" in out
    assert "rad –: fjerner fravær: Kari Nordeng: ferie 22.02.2027–28.02.2027" in out
    kari = load_project(project_file).doctors[0]
    assert [(a.start.isoformat(), a.end.isoformat()) for a in kari.unavailable] == [
        ("2027-06-07", "2027-06-11")]
    doctors = tmp_path / "leger.csv"
    doctors.write_text("navn;kommune;fødselsår\r\nNy Lege;Lysfjord;1990\r\n", encoding="utf-8")
    from legevakt_app.cli import UserError

    with pytest.raises(UserError, match="--replace gjelder bare fraværslister"):
        run_import_cli([str(project_file), str(doctors), "--replace"])


def test_export_out_of_time_before_a_first_rota_says_try_longer(tmp_path, capsys):
    """stor-legevakt has no stored rota; half a second finds none. That is no proof none
    exists: the message says to try longer, as `solve` does (it said «Ingen turnus finnes
    med disse reglene», which a leader reads as rules that cannot be met)."""
    project = tmp_path / "stor.legevakt.json"
    project.write_bytes(SAMPLES["stor-legevakt"].read_bytes())
    xlsx = tmp_path / "x.xlsx"
    assert main(["export", str(project), "--xlsx", str(xlsx), "--time-limit", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "Fant ingen turnus innen tidsgrensen (0,5 s). Det betyr ikke at ingen finnes" in err
    assert "Ingen turnus finnes" not in err and not xlsx.exists()


def assigned_pairs(document: dict) -> set[tuple[str, str, str]]:
    """(vakt id, doctor, role) of a result file: its bakvakt is a shift of its own there."""
    return {(s["id"].removesuffix("#bakvakt"), d, s["role"])
            for s in document["shifts"] for d in s["assigned"]}


def test_export_result_writes_the_saved_rota_as_a_result_file_an_auditor_can_check(tmp_path,
                                                                                   capsys):
    """The app's Eksporter → Resultatfil from the command line: a project whose rota the
    engine made and the leader saved. The file holds exactly the saved rota with the engine's
    figures, and ``legevakt check`` accepts it without the project. After a change by hand,
    the file no longer claims the engine's status for the rota."""
    project = tmp_path / "lysfjord.legevakt.json"
    project.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(project), "--save", "--time-limit", "2", "--quiet"]) == 0
    result = tmp_path / "revisor.json"
    assert main(["export", str(project), "--result", str(result)]) == 0
    assert f"Resultatfil: {result}" in capsys.readouterr().out

    document = json.loads(result.read_text(encoding="utf-8"))
    saved = load_project(project)
    assert document["format"] == "legevakt-rota/1"
    assert assigned_pairs(document) == {(a.shift_id, a.doctor_id, a.role) for a in saved.rota}
    assert document["solve"]["status"] == saved.solved.status
    assert [lv["name"] for lv in document["solve"]["levels"]][0] == "fairness"
    assert main(["check", str(result)]) == 0
    assert "kontroll: ✔ oppfyller alle harde regler" in capsys.readouterr().out

    first = next(a for a in saved.rota if a.role == "vakt")
    assert main(["edit", str(project), "remove", first.shift_id, first.doctor_id]) == 0
    assert main(["export", str(project), "--result", str(result)]) == 0
    document = json.loads(result.read_text(encoding="utf-8"))
    assert document["solve"]["status"] == "changed"
    assert document["solve"]["engine_status"] == saved.solved.status
    assert (first.shift_id, first.doctor_id, "vakt") not in assigned_pairs(document)


def test_export_result_of_a_project_without_rota_carries_the_engines_figures(tmp_path, capsys):
    """No stored rota: the export solves, and the result file carries that solve's status and
    levels (not «laget for hånd»), as a file from ``legevakt solve --out`` would."""
    result = tmp_path / "r.json"
    assert main(["export", "liten-kommune", "--result", str(result), "--time-limit", "2"]) == 0
    document = json.loads(result.read_text(encoding="utf-8"))
    assert document["solve"]["status"] in ("optimal", "feasible")
    assert document["solve"]["levels"][0]["name"] == "fairness"
    assert document["solve"]["seconds"] > 0
    assert main(["check", str(result)]) == 0


def test_export_result_refuses_a_result_file_source_and_a_wrong_name(project_with_rota, tmp_path,
                                                                     capsys):
    path, _ = project_with_rota
    first = tmp_path / "r.json"
    assert main(["export", str(path), "--result", str(first)]) == 0
    capsys.readouterr()
    again = tmp_path / "r2.json"
    assert main(["export", str(first), "--result", str(again)]) == 2
    assert "--result: r.json er alt en resultatfil" in capsys.readouterr().err
    assert not again.exists()
    assert main(["export", str(path), "--result", str(tmp_path / "r.xlsx")]) == 2
    assert "--result" in capsys.readouterr().err and not (tmp_path / "r.xlsx").exists()
