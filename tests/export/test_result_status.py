"""A result file's solve figures in the exports: the engine's status and proof only for the
rota the engine made, Norwegian words only, and the hard-rule breaks on paper too (QA audit:
a hand-edited result file exported «bevist optimal» beside «Brudd på harde regler: 2»).

The files are written and read as the CLI does (write_result_file, load_source); the
workbook is read back with openpyxl, the PDF with pypdf."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from tests.export.conftest import sample_source

CHANGED_TEXT = ("laget av motoren, endret etter løsningen (motorens status og tall gjelder "
                "ikke denne turnusen)")


def engine_result(source):  # type: ignore[no-untyped-def]
    """The figures a solve of ``source``'s rota would report (status optimal, three levels),
    as solver.solve.SolveResult holds them: the rota stands in for the engine's."""
    from solver.metrics import doctor_metrics
    from solver.solve import LevelResult, SolveResult, max_ratio

    return SolveResult(
        status="optimal", rota=source.rota, metrics=doctor_metrics(source.problem, source.rota),
        levels=[LevelResult("fairness", "Største belastning per andel", 1104.1794, 1093.98,
                            "optimal", 5.0),
                LevelResult("balance", "Jevn fordeling", 26310.0, 26310.0, "optimal", 3.0),
                LevelResult("wishes", "Uoppfylte ønsker", 0.0, 0.0, "optimal", 1.0)],
        perfect_fairness_bound=1032.0685, seconds=11.5, seconds_to_first_feasible=0.14,
        max_ratio=round(max_ratio(source.problem, source.rota), 4))  # as solve() sets it


def valid_source():  # type: ignore[no-untyped-def]
    """liten-kommune without absences and fritak, so its hand-made rota keeps every hard rule
    (as the engine's rotas do)."""
    from legevakt_app.project_io import load_project
    from legevakt_app.rota_source import source_from_project
    from tests.conftest import SAMPLES
    from tests.export.conftest import handmade_rota

    project = load_project(SAMPLES["liten-kommune"])
    for doctor in project.doctors:
        doctor.unavailable, doctor.exemptions = [], []
    source = source_from_project(project)
    source.rota = handmade_rota(source.problem)
    return source


def result_file(tmp_path, name="r.result.json"):  # type: ignore[no-untyped-def]
    from legevakt_app.rota_source import write_result_file

    source = valid_source()
    path = tmp_path / name
    write_result_file(path, source, engine_result(source))
    return path


def about(path, tmp_path) -> dict:  # type: ignore[no-untyped-def]
    """«Om turnusen» of the workbook exported from the file at ``path``, label → value."""
    from legevakt_app.export.xlsx import SHEET_ABOUT, export_xlsx
    from legevakt_app.rota_source import load_source

    out = export_xlsx(load_source(str(path), quiet=True), tmp_path / f"{path.stem}.xlsx")
    return {r[0]: r[1] for r in load_workbook(out)[SHEET_ABOUT].iter_rows(values_only=True)
            if r[0]}


def edit(path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def first_assigned(document) -> dict:  # type: ignore[no-untyped-def]
    return next(s for s in document["shifts"] if s["assigned"] and s["role"] == "vakt")


def test_the_engines_rota_keeps_its_status_and_levels(tmp_path):
    rows = about(result_file(tmp_path), tmp_path)
    assert rows["Brudd på harde regler"] == "ingen (kontrollert)"
    assert rows["Løsningsstatus"] == "bevist best mulig innen 1 %"
    assert rows["Nivå 2: status"] == "bevist optimal"
    assert rows["Bevist nedre grense for største belastning per andel"] == 1093.98


def test_a_rota_changed_in_the_file_loses_the_engines_status_and_figures(tmp_path):
    path = result_file(tmp_path)

    def empty_one(document):  # type: ignore[no-untyped-def]
        first_assigned(document)["assigned"] = []

    edit(path, empty_one)
    rows = about(path, tmp_path)
    assert rows["Løsningsstatus"] == CHANGED_TEXT
    assert not [label for label in rows if label.startswith("Nivå")]
    assert "Bevist nedre grense for største belastning per andel" not in rows
    assert rows["Brudd på harde regler"].startswith("1 — ")


def test_a_change_that_keeps_every_rule_is_a_change_too(tmp_path):
    """Two doctors' vakter swapped in the file: no rule broken, still not the engine's rota."""
    path = result_file(tmp_path)

    def swap(document):  # type: ignore[no-untyped-def]
        vakter = [s for s in document["shifts"] if s["role"] == "vakt" and s["assigned"]]
        a, b = vakter[0], vakter[1]
        a["assigned"], b["assigned"] = b["assigned"], a["assigned"]

    edit(path, swap)
    assert about(path, tmp_path)["Løsningsstatus"] == CHANGED_TEXT


def test_an_input_changed_in_the_file_loses_the_status(tmp_path):
    path = result_file(tmp_path)
    edit(path, lambda document: document["rules"].update(min_rest_hours=11.0))
    assert about(path, tmp_path)["Løsningsstatus"] == CHANGED_TEXT


def test_a_falsified_objective_loses_the_status(tmp_path):
    """The digest covers the inputs and the rota, not the solve block: an «objective» edited
    by hand that is not the rota's largest load per share (the result audit) is not the
    engine's figure, and the export does not show it as such."""
    path = result_file(tmp_path)
    assert about(path, tmp_path)["Løsningsstatus"] == "bevist best mulig innen 1 %"
    edit(path, lambda document: document["solve"].update(objective=900.0))
    rows = about(path, tmp_path)
    assert rows["Løsningsstatus"] == CHANGED_TEXT
    assert 900.0 not in rows.values()


def test_an_older_file_without_the_digest_is_checked_by_its_summary(tmp_path):
    """Files written before the digest: the engine's figures while the per-doctor summary is
    still the rota's, not after the rota was changed (as the QA audit's brutt.result.json)."""
    path = result_file(tmp_path)
    edit(path, lambda document: document["solve"].pop("digest"))
    assert about(path, tmp_path)["Løsningsstatus"] == "bevist best mulig innen 1 %"

    def empty_one(document):  # type: ignore[no-untyped-def]
        first_assigned(document)["assigned"] = []

    edit(path, empty_one)
    assert about(path, tmp_path)["Løsningsstatus"] == CHANGED_TEXT


SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
ENGLISH = re.compile(r"\b(fairness|level|value|margin|bound|objective|seconds|feasible|manual|"
                     r"digest|changed|unknown|none|true|false)\b", re.IGNORECASE)


def every_text(path) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(sheet, cell, text) of every text cell of the workbook at ``path``."""
    out = []
    for ws in load_workbook(path):
        for row in ws.iter_rows():
            out += [(ws.title, c.coordinate, c.value) for c in row if isinstance(c.value, str)]
    return out


@pytest.mark.parametrize("name", ["liten-kommune", "interkommunal", "stor-legevakt"])
def test_no_internal_english_key_reaches_a_workbook(name, tmp_path):
    """Every cell of the sample workbooks, with a hand-made rota and with the engine's solve
    block from a result file: no snake_case key and no English word («fairness level
    value | 1104.18» and «fairness margin | 0.02» stood in «Om turnusen»)."""
    from legevakt_app.export.xlsx import export_xlsx
    from legevakt_app.rota_source import load_source, write_result_file

    source = sample_source(name)
    paths = [export_xlsx(source, tmp_path / "handmade.xlsx")]
    write_result_file(tmp_path / "r.result.json", source, engine_result(source))
    from_file = load_source(str(tmp_path / "r.result.json"), quiet=True)
    from_file.solve_info["some_new_key"] = 3  # a later engine's figure, not named here yet
    paths.append(export_xlsx(from_file, tmp_path / "result.xlsx"))
    leaks = [(sheet, cell, text) for path in paths for sheet, cell, text in every_text(path)
             if SNAKE_CASE.search(text) or ENGLISH.search(text)]
    assert leaks == []


def test_solve_rows_show_each_figure_once_in_norwegian():
    from legevakt_app.export.xlsx import solve_rows

    rows = solve_rows({"status": "optimal", "objective": 1114.1, "bound": 1094.0,
                       "fairness_level_value": 1104.2, "fairness_margin": 0.02, "seconds": 3.0,
                       "digest": "ab12", "odd_thing": {"a_b": 1}, "levels": []})
    labels = [label for label, _ in rows]
    assert len(labels) == len(set(labels))
    assert not [label for label in labels if "_" in label or "fairness" in label]
    assert ("Løsningsstatus", "bevist best mulig innen 1 %") in rows
    assert solve_rows({"status": "new_status"}) == [("Løsningsstatus", "ukjent")]


@pytest.mark.gui
def test_the_pdf_says_the_rota_breaks_hard_rules(tmp_path):
    """The PDF has no «Om turnusen»: the Belastning page says so (it said nothing)."""
    from legevakt_app.rota_source import load_source
    from legevakt_app.ui.pdf_export import export_pdf
    from tests.export.test_pdf_report import pdf_pages

    path = result_file(tmp_path)
    text = " ".join(pdf_pages(export_pdf(load_source(str(path), quiet=True),
                                         tmp_path / "ok.pdf")))
    assert "bryter" not in text

    def empty_one(document):  # type: ignore[no-untyped-def]
        first_assigned(document)["assigned"] = []

    edit(path, empty_one)
    text = " ".join(pdf_pages(export_pdf(load_source(str(path), quiet=True),
                                         tmp_path / "broken.pdf")))
    assert "Merk: turnusen bryter 1 hard regel (Dekning: " in text
    assert "Tallene gjelder turnusen slik den er." in text
    pages = pdf_pages(export_pdf(load_source(str(path), quiet=True), tmp_path / "broken.pdf"))
    # already on the first page (the calendar), not only on the Belastning page after it
    assert "Merk: turnusen bryter 1 hard regel" in pages[0]
    # and in a PDF of one doctor's list, which has no Belastning page
    one = pdf_pages(export_pdf(load_source(str(path), quiet=True), tmp_path / "one.pdf",
                               doctor_ids=["lege01"]))
    assert "Merk: turnusen bryter 1 hard regel og kan bli endret." in one[0]
    assert "Dekning" not in one[0]  # her own list names no colleague's vakt or fritak


def cells(rota) -> dict[tuple[str, str], frozenset[str]]:
    """Who holds each place (vakt, role) of a stored rota."""
    out: dict[tuple[str, str], set[str]] = {}
    for a in rota:
        out.setdefault((a.shift_id, a.role), set()).add(a.doctor_id)
    return {key: frozenset(ds) for key, ds in out.items()}


def test_a_rota_the_engine_made_and_the_leader_changed_says_both(tmp_path, capsys):
    """QA: after one hand edit of the engine's rota, «Om turnusen» said «lagret i prosjektet»
    (``legevakt edit``) or «laget for hånd» (the app), while a result file said «endret etter
    løsningen». Every export says the engine made it (its status) and that it was changed by
    hand after, and how many places when a published snapshot holds the engine's rota; the
    PDF's Belastning page says it too. Real solves of liten-kommune, the commands a leader
    runs."""
    import shutil

    from legevakt_app.cli import main
    from legevakt_app.export.xlsx import SHEET_ABOUT, STATUS_TEXT
    from legevakt_app.project_io import load_project
    from tests.cli.test_edit_cli import _free_doctor
    from tests.conftest import SAMPLES
    from tests.export.test_pdf_report import pdf_pages

    path = tmp_path / "liten.legevakt.json"
    shutil.copy(SAMPLES["liten-kommune"], path)
    assert main(["solve", str(path), "--save", "--time-limit", "3", "--quiet"]) == 0
    engine = STATUS_TEXT[load_project(path).solved.status]
    exported = iter(range(100))

    def status(*more: str) -> tuple[str, dict, str]:
        out = tmp_path / f"t{next(exported)}.xlsx"
        assert main(["export", str(path), "--xlsx", str(out), *more]) == 0
        book = load_workbook(out)
        rows = {r[0]: r[1] for r in book[SHEET_ABOUT].iter_rows(values_only=True) if r[0]}
        return rows["Løsningsstatus"], rows, book["Belastning"]["A2"].value

    said, _rows, subtitle = status()
    assert said == engine
    assert f"Turnusen er laget av motoren med status «{engine}». Total arbeidstid" in subtitle
    shift_id = "dogn@2027-03-10"
    assert main(["edit", str(path), "give", shift_id, _free_doctor(path, shift_id)]) == 0
    said, rows, _subtitle = status()
    assert said == (f"laget av motoren med status «{engine}», endret for hånd etter løsningen "
                    "(motorens status og tall gjelder ikke denne turnusen)")
    assert not [label for label in rows if label.startswith("Nivå")]  # not this rota's
    assert "Rettferdighetsmargin" not in rows
    pdf = tmp_path / "t.pdf"
    assert main(["export", str(path), "--pdf", str(pdf)]) == 0
    belastning = " ".join(p for p in pdf_pages(pdf) if "Belastning per lege" in p)
    assert (f"Turnusen er laget av motoren med status «{engine}», endret for hånd etter "
            "løsningen (motorens status og tall gjelder ikke denne turnusen).") in belastning

    # solved again and published: a change since is counted against what the engine made
    assert main(["solve", str(path), "--save", "--time-limit", "3", "--quiet"]) == 0
    engine = STATUS_TEXT[load_project(path).solved.status]
    assert status("--publish")[0] == engine
    # a doctor not on the vakt at all: one who had its bakvakt would change two places
    before = cells(load_project(path).rota)
    assert main(["edit", str(path), "give", shift_id,
                 _free_doctor(path, shift_id, off_the_shift=True)]) == 0
    after = cells(load_project(path).rota)
    changed = sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    capsys.readouterr()
    # one place, or two where giving the vakt to a vaktkompetent doctor ends a bakvakt
    assert changed in (1, 2)
    places = "1 tildeling" if changed == 1 else "2 tildelinger"
    assert status()[0] == (f"laget av motoren med status «{engine}», endret for hånd etter "
                           f"løsningen: {places} (motorens status og tall gjelder ikke denne "
                           "turnusen)")


def test_a_changed_files_count_is_not_shown_once_the_file_is_edited(tmp_path, capsys):
    """A result file written from a project whose engine rota the leader changed in one place
    says so with the count («: 1 tildeling»). Edited again in the file, that count is no
    longer the file's: the export still says the engine made it and it was changed by hand,
    without a count that is wrong (it was kept as written)."""
    import shutil

    from legevakt_app.cli import main
    from legevakt_app.export.xlsx import STATUS_TEXT
    from legevakt_app.project_io import load_project
    from tests.cli.test_edit_cli import _free_doctor
    from tests.conftest import SAMPLES

    path = tmp_path / "liten.legevakt.json"
    shutil.copy(SAMPLES["liten-kommune"], path)
    assert main(["solve", str(path), "--save", "--time-limit", "3", "--quiet"]) == 0
    engine = STATUS_TEXT[load_project(path).solved.status]
    assert main(["export", str(path), "--publish", "--xlsx", str(tmp_path / "sendt.xlsx")]) == 0
    shift_id = "dogn@2027-03-10"
    assert main(["edit", str(path), "give", shift_id,
                 _free_doctor(path, shift_id, off_the_shift=True)]) == 0
    result = tmp_path / "r.json"
    assert main(["export", str(path), "--result", str(result)]) == 0
    document = json.loads(result.read_text(encoding="utf-8"))
    places = document["solve"]["changed_assignments"]
    assert places in (1, 2)
    head = f"laget av motoren med status «{engine}», endret for hånd etter løsningen"
    tail = " (motorens status og tall gjelder ikke denne turnusen)"
    counted = "1 tildeling" if places == 1 else "2 tildelinger"
    assert about(result, tmp_path)["Løsningsstatus"] == f"{head}: {counted}{tail}"

    def move(document: dict) -> None:  # another vakt to its next doctor
        shift = next(s for s in document["shifts"][10:] if s["assigned"] and s["role"] == "vakt")
        ids = [d["id"] for d in document["doctors"]]
        shift["assigned"] = [ids[(ids.index(shift["assigned"][0]) + 1) % len(ids)]]

    edit(result, move)
    assert about(result, tmp_path)["Løsningsstatus"] == f"{head}{tail}"
    capsys.readouterr()
