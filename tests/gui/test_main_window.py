"""The desktop app driven through its real widgets, offscreen."""

import json
import re

import pytest
from PySide6.QtCore import Qt

from legevakt_app.competence import derive_competence
from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES
from tests.gui.conftest import copy_sample, first_column, wait_idle

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_open_each_sample(window, name):
    assert window.open_path(SAMPLES[name])
    project = load_project(SAMPLES[name])
    assert window.doctor_model.rowCount() == len(project.doctors)
    assert window.station_model.rowCount() == len(project.district.stations)
    assert project.district.name in window.windowTitle()
    assert "*" not in window.windowTitle().split("—")[0]
    assert window.grid_model.rowCount() == (project.period.end - project.period.start).days + 1
    assert "gyldig" in window.status_label.text()


def test_edit_doctor_with_undo_and_redo(window):
    window.open_path(SAMPLES["interkommunal"])
    model = window.doctor_model
    name_col = [f.attr for f in model.fields].index("name")
    assert model.setData(model.index(0, name_col), "Kari Nymark", Qt.ItemDataRole.EditRole)
    assert window.project.doctors[0].name == "Kari Nymark"
    assert window.windowTitle().split("—")[0].strip().endswith("*")
    window.undo.undo()
    assert window.project.doctors[0].name == load_project(SAMPLES["interkommunal"]).doctors[0].name
    window.undo.redo()
    assert window.project.doctors[0].name == "Kari Nymark"


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        ("legevakt_share", "7", "Vaktandel: «7» er 700 %; kan være høyst 300 %"),
        ("legevakt_share", "350 %", "Vaktandel: kan være høyst 300 %"),
        ("practice_hours_per_week", "-3", "Praksis t/uke: må være minst 0"),
        ("position_share", "-0,5", "Stilling: må være minst 0 %"),
        ("birth_year", "2090", "Født: 2090 er i fremtiden"),
        ("name", "{first}", "Navn: «{first}» finnes allerede"),
        ("name", "{first_lower}", "finnes allerede"),
        ("name", "   ", "kan ikke være tomt"),
        ("birth_year", "nitten", "Født: «nitten» er ikke et heltall"),
        ("position_share", "", "Stilling: kan ikke være tomt"),
        ("birth_year", " ", "Født: kan ikke være tomt"),
        ("competence.clinical_months", "-1", "Mnd klinisk: må være minst 0"),
    ],
)
def test_invalid_doctor_values_are_rejected_at_the_field(window, attr, value, expected):
    window.open_path(SAMPLES["interkommunal"])
    window.tabs.setCurrentIndex(1)
    first = window.project.doctors[0].name  # editing row 1: the name of row 0 is taken
    value = value.format(first=first, first_lower=first.lower())
    expected = expected.format(first=first)
    before = window.project
    model = window.doctor_model
    col = [f.attr for f in model.fields].index(attr)
    assert not model.setData(model.index(1, col), value, Qt.ItemDataRole.EditRole)
    assert window.project is before and not window.modified
    assert expected in window.last_message
    label = window.field_errors[id(window.doctor_view)]
    assert label.isVisible() and expected in label.text()  # the message stands under the table
    assert window.doctor_view.currentIndex().row() == 1  # at the refused cell
    # a good value afterwards is taken and the message goes away
    assert model.setData(model.index(1, col), "1981" if attr == "birth_year" else
                         {"name": "Kari Nymark", "legevakt_share": "1,5", "position_share": "0,8"}.get(attr, "5"),
                         Qt.ItemDataRole.EditRole)
    assert not label.isVisible()


def test_typing_the_value_a_cell_has_changes_nothing(window):
    window.open_path(SAMPLES["interkommunal"])
    model = window.doctor_model
    col = [f.attr for f in model.fields].index("practice_hours_per_week")
    now = model.data(model.index(0, col))
    before = window.project
    assert model.setData(model.index(0, col), now, Qt.ItemDataRole.EditRole)
    assert window.project is before and not window.modified and window.undo.count() == 0
    assert model.setData(model.index(0, col), "30", Qt.ItemDataRole.EditRole)
    assert window.modified and window.undo.count() == 1


def test_the_doctor_panel_says_what_a_partial_fritak_with_a_full_share_asks(window):
    # liten-kommune: Ingrid has no nights but a full vaktandel, as «legevakt check» notes
    window.open_path(SAMPLES["liten-kommune"])
    rows = {d.name: i for i, d in enumerate(window.project.doctors)}
    window.doctor_view.selectRow(rows["Ingrid Reinvik"])
    text = window.doctor_detail.text()
    assert "Merk:</b> Ingrid Reinvik har delvis fritak og vaktandel som før" in text
    assert "vurder lavere vaktandel; med vaktandel 25 % tar Ingrid om lag 54 %" in text
    window.doctor_view.selectRow(rows["Kari Nordeng"])
    assert "Merk:" not in window.doctor_detail.text()


def test_the_doctor_panel_shows_the_last_vakt_and_duty_days_carried_from_the_period_before(
        window, tmp_path):
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    doc["doctors"][0]["ledger"].update({"last_vakt_end": "2027-01-04T08:00:00",
                                        "earlier_duty_days": ["2026-12-31", "2027-01-03"]})
    path = tmp_path / "neste.legevakt.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    window.open_path(path)
    window.doctor_view.selectRow(0)
    text = window.doctor_detail.text().replace("&nbsp;", " ")  # «tor 31.12» on one line
    assert "Siste vakt sluttet 04.01.2027 08:00: minste hviletid gjelder videre" in text
    assert ("Vaktdager sist i forrige periode: tor 31.12, søn 03.01: regnes med i vakthyppigheten "
            "(firedelt, maks per uke, maks på rad)") in text
    window.doctor_view.selectRow(1)  # nothing carried for her: nothing said
    assert "forrige periode" not in window.doctor_detail.text()


def test_competence_shown_live_when_rule_changes(window):
    """Under «LIS1 er nok» the ALIS (LIS1 completed) is vaktkompetent at once; a doctor still
    in LIS1 (13 months of 18) is not."""
    window.open_path(SAMPLES["interkommunal"])
    col = [f.title for f in window.doctor_model.fields].index("Kompetanse")
    in_lis1 = next(i for i, d in enumerate(window.project.doctors) if d.kind == "lis1")
    lis1_row = next(i for i, d in enumerate(window.project.doctors) if d.kind == "alis")
    index = window.doctor_model.index(lis1_row, col)
    assert window.doctor_model.data(index) == "trenger bakvakt"
    window.doctor_view.selectRow(lis1_row)
    assert "Trenger bakvakt" in window.doctor_detail.text()
    window.rule_competence.setCurrentIndex(window.rule_competence.findData("lis1_sufficient"))
    assert window.doctor_model.data(window.doctor_model.index(lis1_row, col)) == "vaktkompetent"
    assert "Vaktkompetent" in window.doctor_detail.text()  # the detail pane follows at once
    assert "LIS1" in window.doctor_detail.text()  # and says why
    assert window.doctor_model.data(window.doctor_model.index(in_lis1, col)) == "trenger bakvakt"
    window.undo.undo()
    assert window.doctor_model.data(window.doctor_model.index(lis1_row, col)) == "trenger bakvakt"


def test_add_and_remove_satellite(window):
    window.open_path(SAMPLES["liten-kommune"])
    window.add_kommune()
    window.add_satellite()
    stations = window.project.district.stations
    assert len(stations) == 2 and stations[-1].kind == "satellite"
    assert stations[-1].kommune == window.project.district.kommuner[-1].name
    window.station_view.selectRow(1)
    window.remove_satellite()
    assert len(window.project.district.stations) == 1
    window.undo.undo()
    assert len(window.project.district.stations) == 2


def test_short_solve_fills_the_grid_and_passes_the_checker(qtbot, window):
    window.open_path(SAMPLES["liten-kommune"])
    window.solve(time_limit=5)
    wait_idle(qtbot, window)
    assert window.project.rota
    grid = window.grid_model
    filled = [grid.doctor_at(grid.index(r, first_column(window)))[0] for r in range(grid.rowCount())]
    assert sum(1 for d in filled if d) >= 100
    assert window.violations == []
    # every hard rule kept; the firedelt rule (soft here) cannot be with four doctors, one of
    # them free of nights, and the line says so rather than "every rule"
    text = window.status_label.text()
    assert "oppfyller alle harde regler" in text and "tettere enn maks 1 vakt per 4 dager" in text
    window.undo.undo()
    assert window.project.rota == []


def test_lock_a_cell_and_resolve_keeps_it(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    grid = window.grid_model
    src = grid.index(2, first_column(window))
    doctor, _ = grid.doctor_at(src)
    shift = grid.shift_for(src)
    # move the cell by hand to another doctor the checker calls free: it is locked at once
    from legevakt_app.engine_input import project_rota
    from solver.checker import candidates

    rota = project_rota(window.project)
    rota.assignments = [a for a in rota.assignments if not (a.shift_id == shift.id and a.role == "vakt")]
    free = [d for d, problems in candidates(window.problem, rota, shift.id).items()
            if not problems and d != doctor]
    assert free
    window.assign(shift.id, "vakt", doctor, free[0])
    assert "låst, så en ny løsing beholder den" in window.statusBar().currentMessage()
    assert grid.data(grid.index(2, first_column(window))).startswith("▣")
    assert any(a.locked and a.shift_id == shift.id and a.doctor_id == free[0] for a in window.project.rota)
    window.solve(mode="rest", time_limit=5)
    wait_idle(qtbot, window)
    assert window.last_solve.rota.assignments
    assert any(a.locked and a.shift_id == shift.id and a.doctor_id == free[0] and a.role == "vakt"
               for a in window.project.rota)
    # a new solve from scratch keeps the lock too
    window.solve(mode="new", time_limit=5)
    wait_idle(qtbot, window)
    assert any(a.locked and a.shift_id == shift.id and a.doctor_id == free[0] and a.role == "vakt"
               for a in window.project.rota)
    # unlock: the same button again (the grid was redrawn: take the cell anew)
    cell = window.grid_proxy.mapFromSource(grid.index(2, first_column(window)))
    window.grid_view.selectionModel().select(cell, window.grid_view.selectionModel().SelectionFlag.ClearAndSelect)
    window.toggle_lock()
    assert not any(a.locked for a in window.project.rota if a.shift_id == shift.id)


def test_pick_doctor_dialog_lists_rule_breaks_and_assigns(qtbot, window, solved_sample):
    window.open_path(solved_sample("liten-kommune"))
    assert window.violations == []
    seen = {}

    def choose(dialog):
        seen["texts"] = dialog.texts()
        dialog.choose_row(0)  # "(ingen — ledig)"
        dialog.accept()

    window.pick_dialog_hook = choose
    index = window.grid_proxy.index(3, first_column(window))
    shift = window.grid_model.shift_for(window.grid_proxy.mapToSource(index))
    holder = window.grid_model.doctor_at(window.grid_proxy.mapToSource(index))[0]
    window.pick_doctor_for_cell(index)
    del index  # the grid is redrawn after an edit: old indexes are invalid
    texts = seen["texts"]
    assert any(t.startswith("✔") and "ingen" in t for t in texts)  # who is free
    broken = [t for t in texts if t.startswith("✖")]
    assert broken and all(": " in t.split(" — ", 1)[1] for t in broken)  # rule: why
    assert any("(nå)" in t for t in texts)  # the doctor on the cell now is marked
    assert not [a for a in window.project.rota if a.shift_id == shift.id and a.role == "vakt"]
    assert any(v.rule == "coverage" for v in window.violations)  # re-checked at once
    assert "✖" in window.status_label.text()
    window.undo.undo()
    assert window.violations == []
    assert any(a.doctor_id == holder for a in window.project.rota if a.shift_id == shift.id)

    # choose a doctor marked free: the rota stays valid
    def choose_free(dialog):
        row = next(i for i, t in enumerate(dialog.texts()) if t.startswith("✔") and "(nå)" not in t)
        dialog.choose_row(row)
        seen["free"] = dialog.texts()[row]
        dialog.accept()

    window.pick_dialog_hook = choose_free
    index = window.grid_proxy.index(3, first_column(window))  # the grid was redrawn: take the cell anew
    window.pick_doctor_for_cell(index)
    new = window.grid_model.doctor_at(window.grid_model.index(3, first_column(window)))[0]
    assert new != holder and window.grid_model.names[new] in seen["free"]
    assert window.violations == []


def test_save_and_reopen_gives_identical_content(window, tmp_path):
    path = copy_sample(tmp_path, "interkommunal")
    window.open_path(path)
    model = window.kommune_model
    assert model.setData(model.index(0, 1), "7300", Qt.ItemDataRole.EditRole)
    assert window.save()
    assert "*" not in window.windowTitle().split("—")[0]
    reopened = load_project(path)
    assert reopened == window.project
    assert reopened.district.kommuner[0].inhabitants == 7300
    assert (tmp_path / "interkommunal.legevakt.json.bak").exists()
    assert str(path.resolve()) in window.recent_files()


def test_unsaved_changes_prompt(window, tmp_path, monkeypatch):
    import legevakt_app.ui.main_window as mw

    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    window.add_doctor()
    answers = iter(["cancel", "save"])
    asked = []
    monkeypatch.setattr(mw, "ask_save_changes", lambda *_a: (asked.append(1), next(answers))[1])
    assert not window.open_path(SAMPLES["interkommunal"])  # cancel: stay
    assert len(window.project.doctors) == 5
    assert window.open_path(SAMPLES["interkommunal"])  # save, then open
    assert len(asked) == 2
    assert len(load_project(path).doctors) == 5


def _everyone_away(tmp_path):
    """liten-kommune with every doctor on ferie in the first week of March: no rota exists."""
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    for doctor in doc["doctors"]:
        doctor["unavailable"].append({"start": "2027-03-01", "end": "2027-03-07", "kind": "ferie"})
    path = tmp_path / "alle-borte.legevakt.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return doc, path


def test_infeasible_project_shows_the_explanation(qtbot, window, tmp_path):
    doc, path = _everyone_away(tmp_path)
    window.open_path(path)
    window.solve(time_limit=10)
    wait_idle(qtbot, window)
    assert window.project.rota == []
    assert "Ingen turnus finnes" in window.last_message
    assert "ferie" in window.last_explanation
    dialog = window.explanation_dialog
    assert dialog is not None and dialog.isVisible()
    texts = [dialog.links.item(i).text() for i in range(dialog.links.count())]
    doctors = [d["name"] for d in doc["doctors"]]
    assert any(name in t for t in texts for name in doctors)  # links to the doctors involved
    # and to the dates: the first day the explanation names (one shift, or the first of a
    # range of shifts the same reason stops), or its week
    first = re.search(r"\b(\d{2})\.(\d{2})\b", window.last_explanation)
    assert first is not None, window.last_explanation
    assert any(f"{first[1]}.{first[2]}.2027" in t or "uke 9" in t for t in texts), texts
    # the days in date order, whatever order the explanation names them in
    days = [dialog.links.item(i).data(Qt.ItemDataRole.UserRole)[1] for i in range(len(texts))
            if texts[i].startswith("Turnus")]
    assert days == sorted(days) and days, texts
    # the summary above the rota says no rota exists (not «Ingen turnus ennå»)
    assert window.solve_summary.text().startswith("Ingen turnus finnes med disse reglene")
    # a doctor link opens that doctor's absences
    row = next(i for i, t in enumerate(texts) if t.startswith("Lege:"))
    dialog.links.setCurrentRow(row)
    dialog.links.itemActivated.emit(dialog.links.item(row))
    assert window.tabs.currentIndex() == 3
    assert window.absence_doctor.currentText() in texts[row]
    # a date link opens the rota at that day
    row = next(i for i, t in enumerate(texts) if t.startswith("Turnus") and "uke" not in t)
    dialog.links.itemActivated.emit(dialog.links.item(row))
    assert window.tabs.currentIndex() == 4
    day = window.grid_model.days[window.grid_proxy.mapToSource(window.grid_view.currentIndex()).row()]
    assert f"{day:%d.%m.%Y}" in texts[row]


def _solve_changed_sample(qtbot, window, tmp_path, change) -> None:
    """liten-kommune with ``change`` made to its document, opened and solved (10 s)."""
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "endret.legevakt.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window.open_path(path)
    window.solve(time_limit=10)
    wait_idle(qtbot, window)


def test_a_verified_fix_is_applied_from_the_explanation_and_then_a_rota_exists(qtbot, window,
                                                                               tmp_path):
    # liten-kommune with firedelt vakt as a hard rule: Ingrid may not take nights, so the
    # three others cannot keep 1 in 4 days. The explanation offers 3-delt vakt with a «Bruk»
    # button; pressing it changes the rule (one undo step), and a new solve finds a rota.
    def hard_firedelt(doc):
        doc["rules"]["max_in_window"] = {"value": 1, "hard": True}

    _solve_changed_sample(qtbot, window, tmp_path, hard_firedelt)
    dialog = window.explanation_dialog
    assert dialog is not None and window.project.rota == []
    assert "4 vaktdøgn med natt trengs" in dialog.text.toPlainText()
    labels = [b.text() for b in dialog.fix_buttons]
    assert labels and labels[0].startswith("Bruk: tillat "), labels
    dialog.fix_buttons[0].click()
    assert window.explanation_dialog is None or not window.explanation_dialog.isVisible()
    assert window.project.rules.spacing_window_days < 4 and window.project.rules.max_in_window.hard
    assert window.modified and "Endret: tillat" in window.statusBar().currentMessage()
    window.solve(time_limit=10)
    wait_idle(qtbot, window)
    assert window.project.rota and window.violations == []
    window.undo.undo()  # the solve
    window.undo.undo()  # the fix
    assert window.project.rules.spacing_window_days == 4


def test_a_share_fix_takes_the_leader_to_the_vaktandel_cell_to_fill_in(qtbot, window, tmp_path):
    # Ola and Ingrid with vaktandel 0 while Kari is away: nobody can be the LIS1's bakvakt.
    # How much to give is the leader's choice: no «Bruk» button, but a link to the cell
    def no_share(doc):
        for doctor in doc["doctors"]:
            if doctor["name"].startswith(("Ola", "Ingrid")):
                doctor["legevakt_share"] = 0

    _solve_changed_sample(qtbot, window, tmp_path, no_share)
    dialog = window.explanation_dialog
    assert dialog is not None and "vaktandel større enn 0" in dialog.text.toPlainText()
    assert dialog.fix_buttons == []
    texts = [dialog.links.item(i).text() for i in range(dialog.links.count())]
    row = texts.index("Leger: vaktandel for Ola Hallingset (skriv inn hvor stor)")
    dialog.links.itemActivated.emit(dialog.links.item(row))
    assert window.tabs.currentIndex() == 1
    current = window.doctor_view.currentIndex()
    assert window.project.doctors[current.row()].name == "Ola Hallingset"
    assert window.doctor_model.fields[current.column()].attr == "legevakt_share"
    assert window.doctor_view.state() == window.doctor_view.State.EditingState


def test_a_solve_that_finds_nothing_in_time_is_not_called_impossible(qtbot, window):
    """Status 'unknown' (time limit before a first rota) must not say that no rota exists."""
    window.open_path(SAMPLES["stor-legevakt"])
    window.solve(time_limit=0.05)
    wait_idle(qtbot, window)
    if window.project.rota:  # a very fast machine found one
        pytest.skip("found a rota within 0.05 s")
    assert "Ingen turnus finnes" not in window.last_message
    assert "innen tidsgrensen" in window.last_message
    assert window.explanation_dialog is None


def test_a_district_too_large_for_the_machine_is_refused_with_the_estimate(qtbot, window,
                                                                          monkeypatch):
    import solver.solve

    # as on a machine with 100 MB free: the real engine refuses before building the model
    monkeypatch.setattr(solver.solve, "available_memory_mb", lambda: 100.0)
    window.open_path(SAMPLES["stor-legevakt"])
    window.solve(time_limit=30)
    wait_idle(qtbot, window)
    assert not window.project.rota
    assert window.last_message.startswith("For stort distrikt")
    assert "GB minne" in window.last_message and "variabler" in window.last_message
    assert window.explanation_dialog is None


def test_the_app_and_check_name_a_broken_files_places_alike(window, tmp_path, capsys):
    """«lege 2 (Ola Hallingset), Født: …» in the «Kan ikke åpne filen» box and from
    ``legevakt check`` alike: one wording, the doctor named."""
    from legevakt_app.cli import main

    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    doc["doctors"][0]["legevakt_share"] = -1
    doc["doctors"][1]["birth_year"] = 1800
    doc["rules"]["min_rest_hours"] = -3
    broken = tmp_path / "broken.legevakt.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", str(broken)]) == 2
    told = [line.strip() for line in capsys.readouterr().err.splitlines()[1:]]
    assert told == ["lege 1 (Kari Nordeng), Vaktandel: må være minst 0",
                    "lege 2 (Ola Hallingset), Født: må være minst 1930",
                    "regler, Minste hviletid: må være minst 0"]
    assert not window.open_path(broken)
    for line in told:
        assert f"• {line}" in window.last_message, window.last_message


def test_a_broken_file_is_refused_with_the_reasons_in_norwegian(window, tmp_path):
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    doc["doctors"][0]["birth_year"] = "nitten"
    del doc["period"]
    broken = tmp_path / "broken.legevakt.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    assert window.open_path(SAMPLES["interkommunal"])
    before = window.project
    assert not window.open_path(broken)
    assert window.project is before  # the district already open stays as it was
    message = window.last_message
    assert message.startswith("Kan ikke åpne filen")
    # the reasons are in the box itself, not only behind «Vis detaljer»
    text = message.split("\n/")[0]
    assert "• lege 1 (Kari Nordeng), Født: må være et heltall" in text and "Filen er ikke endret" in text, text
    assert "lege 1 (Kari Nordeng), Født: må være et heltall" in message, message
    assert "Periode: mangler (må være med)" in message, message
    assert not window.open_path(tmp_path / "finnes-ikke.legevakt.json")
    assert "finner ikke filen" in window.last_message
    assert "Filen er ikke endret" not in window.last_message  # there is no file to change
    # every field by its Norwegian name, the district itself too
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    del doc["district"]
    doc["rules"]["competence_rule"] = "gammel"
    doc["rules"]["fairness_margin"] = "mye"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    assert not window.open_path(broken)
    message = window.last_message
    assert "Distrikt: mangler (må være med)" in message, message
    assert "regler, Kompetanseregel:" in message and "regler, Rettferdighetsmargin:" in message
    assert "competence_rule" not in message and "fairness_margin" not in message
    # a day that does not exist is said to be one, not to be in the wrong form
    doc = json.loads(SAMPLES["liten-kommune"].read_text(encoding="utf-8"))
    doc["period"]["start"] = "2027-02-30"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    assert not window.open_path(broken)
    message = window.last_message
    assert "• Periode, Fra: 30.02.2027 finnes ikke (februar 2027 har 28 dager)" in message, message
    assert "ÅÅÅÅ-MM-DD" not in message, message
    # an empty file, and one that is no JSON at all, are said to be so (no hint about quotes)
    broken.write_bytes(b"")
    assert not window.open_path(broken)
    assert "• filen er tom" in window.last_message, window.last_message
    broken.write_text("hello", encoding="utf-8")
    assert not window.open_path(broken)
    message = window.last_message
    assert ("• ikke en Legevakt-prosjektfil: filen er ikke JSON (den begynner med «hello»)"
            in message), message
    assert "anførselstegn" not in message and "ikke gyldig JSON" not in message, message


def test_a_project_no_rota_can_be_made_from_says_so_on_opening(window, tmp_path):
    # every doctor away the same week: the Kontroll line says so before anybody solves, as
    # `legevakt check` does, and a click on a reason leads to a doctor named in it
    _doc, path = _everyone_away(tmp_path)
    window.open_path(path)
    assert window.status_label.text().startswith("✖ Ingen turnus kan lages slik prosjektet er nå")
    model = window.problem_model
    texts = [model.index(i).data() for i in range(model.rowCount())]
    # (and liten-kommune's note on Ingrid's partial fritak, after them)
    assert texts and all(t.startswith(("Ingen turnus mulig: ", "Merk: ")) for t in texts)
    assert texts[0].startswith("Ingen turnus mulig: ")
    assert any("har ferie" in t for t in texts), texts
    window._jump_to_problem(model.index(0))
    assert window.tabs.currentIndex() in (1, 3)  # Leger or Fravær og ønsker: who is away
    # the bundled sample as it is: nothing of the kind
    window.open_path(SAMPLES["liten-kommune"])
    assert "Prosjektet er gyldig" in window.status_label.text()
    assert "Ingen turnus" not in window.status_label.text()


def test_ny_lege_gets_the_next_id_in_the_districts_pattern(window, qtbot, tmp_path):
    """«Ny lege» beside lege01…lege04 is lege05 (not lege1), the next lege06, in the project
    and in the saved file."""
    path = copy_sample(tmp_path, "liten-kommune")
    window.open_path(path)
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.add_doctor_button, Qt.MouseButton.LeftButton)
    new = window.project.doctors[-1]
    assert new.id == "lege05"
    row = window.doctor_view.currentIndex().row()
    assert window.doctor_model.index(row, 0).data() == new.name == "Ny lege 1"
    qtbot.mouseClick(window.add_doctor_button, Qt.MouseButton.LeftButton)
    assert [d.id for d in window.project.doctors] == [
        "lege01", "lege02", "lege03", "lege04", "lege05", "lege06"]
    window.save()
    assert [d["id"] for d in json.loads(path.read_text(encoding="utf-8"))["doctors"]][-2:] == [
        "lege05", "lege06"]


def test_ny_lege_is_not_taken_to_have_the_courses(window, qtbot, tmp_path):
    """A new doctor starts with «Kurs» unticked: ticking «Spesialist» alone does not make her
    vaktkompetent (akuttmedisinforskriften § 7 asks for the courses too); with «Kurs» it does."""
    window.open_path(copy_sample(tmp_path, "liten-kommune"))
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.add_doctor_button, Qt.MouseButton.LeftButton)
    row = len(window.project.doctors) - 1
    columns = {window.doctor_model.headerData(c, Qt.Orientation.Horizontal): c
               for c in range(window.doctor_model.columnCount())}
    courses = window.doctor_model.index(row, columns["Kurs"])
    assert courses.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    specialist = window.doctor_model.index(row, columns["Spesialist"])
    assert window.doctor_model.setData(specialist, Qt.CheckState.Checked.value,
                                       Qt.ItemDataRole.CheckStateRole)
    assert not derive_competence(window.project.doctors[-1].competence,
                                 window.project.rules.competence_rule).competent
    assert window.doctor_model.setData(courses, Qt.CheckState.Checked.value,
                                       Qt.ItemDataRole.CheckStateRole)
    assert derive_competence(window.project.doctors[-1].competence,
                             window.project.rules.competence_rule).competent


def test_next_numbered_id_keeps_the_width_in_use():
    from legevakt_app.domain import next_numbered_id

    assert next_numbered_id("lege", []) == "lege01"
    assert next_numbered_id("lege", ["lege01", "lege02", "kari"]) == "lege03"
    assert next_numbered_id("lege", ["lege01", "lege03"]) == "lege04"  # after the highest
    assert next_numbered_id("lege", [f"lege{n}" for n in range(1, 10)]) == "lege10"
    assert next_numbered_id("lege", ["lege001", "lege12"]) == "lege013"
    assert next_numbered_id("lege", ["lege99"]) == "lege100"


def test_closing_during_a_solve_asks_and_cancel_keeps_the_solve(qtbot, window, tmp_path, monkeypatch):
    """«Avbryt»/«Vent» when closing during «Lag turnus» leaves the solve running: its rota
    arrives as if nobody had tried to close (a QA find: the close used to cancel it first)."""
    import legevakt_app.ui.main_window as mw

    window.open_path(copy_sample(tmp_path, "liten-kommune"))
    window.add_doctor()  # unsaved work: both questions are asked
    asked = []
    monkeypatch.setattr(mw, "ask_stop_work", lambda _w, what: (asked.append(what), False)[1])
    monkeypatch.setattr(mw, "ask_save_changes", lambda *_a: asked.append("save?") or "cancel")
    window.solve(time_limit=20)
    assert window.worker is not None
    assert not window.close()  # «Vent»: nothing stopped, the save question not even asked
    assert asked == ["Lager turnus"]
    assert window.worker is not None and not window.worker.cancel_event.is_set()
    monkeypatch.setattr(mw, "ask_stop_work", lambda *_a: True)
    assert not window.close()  # stop? yes; save? «Avbryt»: the solve still runs
    assert asked[-1] == "save?"
    assert window.worker is not None and not window.worker.cancel_event.is_set()
    wait_idle(qtbot, window)
    assert window.project.rota  # the solve's rota came in
    assert "Avbrutt" not in window.last_message
    assert len(window.project.doctors) == 5  # and the unsaved edit is still there


def test_closing_during_a_solve_can_stop_it(qtbot, window, tmp_path, monkeypatch):
    import legevakt_app.ui.main_window as mw

    window.open_path(copy_sample(tmp_path, "liten-kommune"))
    monkeypatch.setattr(mw, "ask_stop_work", lambda *_a: True)
    window.solve(time_limit=20)
    worker = window.worker
    assert worker is not None
    assert window.close()  # nothing unsaved: stopping is the only question
    assert worker.cancel_event.is_set()
    worker.wait(10_000)
