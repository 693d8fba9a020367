"""The engine's sharing figure (delingstallet) in the workbook's «Om turnusen»: where the
«Rettferdighet» sheet finds fewer outside the fair number than the figure counts, the row
after it says what it counts instead, as `legevakt solve` and the app say it, naming no
fritak (the workbook leaves the leader's machine). Exported as the command line does, the
workbook read back with openpyxl."""

from __future__ import annotations

import json
import re

from openpyxl import load_workbook

from legevakt_app.cli import EXIT_OK, main
from legevakt_app.export.xlsx import SHEET_ABOUT

LABEL = "Nivå 2, deling"


def about_rows(project, tmp_path) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    out = tmp_path / "turnus.xlsx"
    assert main(["export", str(project), "--xlsx", str(out)]) == EXIT_OK
    return [(r[0], r[1]) for r in load_workbook(out)[SHEET_ABOUT].iter_rows(values_only=True)
            if r[0]]


def test_om_turnusen_says_what_the_sharing_figure_counts(sharing_noted, tmp_path,
                                                         capsys) -> None:
    """liten-kommune's next period as the engine made it (Per Kroken needs a bakvakt, Ingrid
    Reinvik has a partial fritak): «Nivå 2, deling: merk» right after the sharing level's
    rows, with its value, the two doctors without their reasons' private words, and where the
    fair number is in the workbook."""
    rows = about_rows(sharing_noted, tmp_path)
    keys = [key for key, _value in rows]
    value = round(next(v for k, v in rows if k.startswith(f"{LABEL}: Deling av netter")))
    assert value > 0
    at = keys.index(f"{LABEL}: merk")
    assert keys[at - 1] == f"{LABEL}: status"
    note = rows[at][1]
    counted = re.match(r"(?:(\d+) av d|D)elingstallet \((\d+)\) er ikke vakter utenfor det "
                       r"rettferdige antallet, men avstand fra antall motoren satte underveis: ",
                       note)
    assert counted and int(counted[2]) == value and int(counted[1] or value) <= value
    assert ("for legene som ikke måles mot det rettferdige (Ingrid Reinvik: tar ikke alle "
            "slags vakter; Per Kroken: har bakvakt) det de fikk i motorens første turnus") in note
    assert "fritak" not in note
    assert "(motoren regnet med " in note
    assert note.endswith("Det rettferdige antallet på arket «Rettferdighet» er regnet av det "
                         "legene tok i denne turnusen, som i rapporten og vaktregnskapet.")
    capsys.readouterr()


def test_no_note_for_figures_not_this_rotas_or_without_the_bands(sharing_noted, tmp_path,
                                                                 capsys) -> None:
    """A vakt given to another doctor in the file: the engine's figures are not the rota's,
    so no sharing row and no note. A record from before the bands were kept (none in the
    file): the figures are shown without the note, and the file saves as it was."""
    from legevakt_app.project_io import dumps_project, project_from_document

    document = json.loads(sharing_noted.read_text(encoding="utf-8"))
    assert document["solved"]["count_bands"]  # kept with the rota by `solve --save`

    older = json.loads(json.dumps(document))
    del older["solved"]["count_bands"]
    assert "count_bands" not in dumps_project(project_from_document(older))
    path = tmp_path / "eldre.legevakt.json"
    path.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    keys = [key for key, _value in about_rows(path, tmp_path)]
    assert f"{LABEL}: status" in keys and f"{LABEL}: merk" not in keys

    edited = json.loads(json.dumps(document))
    first = edited["rota"][0]
    taken = {a["doctor_id"] for a in edited["rota"] if a["shift_id"] == first["shift_id"]}
    first["doctor_id"] = next(d["id"] for d in edited["doctors"] if d["id"] not in taken)
    path = tmp_path / "endret.legevakt.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    keys = [key for key, _value in about_rows(path, tmp_path)]
    assert not any(key.startswith(LABEL) for key in keys)
    capsys.readouterr()


def test_a_result_file_keeps_the_bands_and_its_workbook_the_note(sharing_noted, tmp_path,
                                                                 capsys) -> None:
    """The result file written of that project (``export --result``) keeps the engine's bands,
    so a workbook exported from the file alone has the same «Nivå 2, deling: merk» as one from
    the project (it had none: the bands were not in result files). Bands that cannot be (low
    above high, a doctor not in the file) are refused, each at its field."""
    result = tmp_path / "revisor.json"
    assert main(["export", str(sharing_noted), "--result", str(result)]) == EXIT_OK
    document = json.loads(result.read_text(encoding="utf-8"))
    project = json.loads(sharing_noted.read_text(encoding="utf-8"))
    assert document["solve"]["count_bands"] == project["solved"]["count_bands"]
    from_project = dict(about_rows(sharing_noted, tmp_path))
    from_file = dict(about_rows(result, tmp_path))
    assert from_file[f"{LABEL}: merk"] == from_project[f"{LABEL}: merk"]

    attr, by = next(iter(document["solve"]["count_bands"].items()))
    doctor_id = next(iter(by))
    capsys.readouterr()
    for wrong, said in (({doctor_id: [3, 1]}, f"{doctor_id}: ikke en gyldig resultatfil "
                         "(legevakt-rota/1): nedre grense 3 er over øvre 1"),
                        ({"lege-ukjent": [0, 1]}, "lege-ukjent: ikke en gyldig resultatfil "
                         "(legevakt-rota/1): ukjent lege «lege-ukjent»")):
        result.write_text(json.dumps({**document, "solve": {
            **document["solve"], "count_bands": {attr: {**by, **wrong}}}}, ensure_ascii=False),
            encoding="utf-8")
        assert main(["check", str(result)]) == 2
        assert f"solve.count_bands.{attr}.{said}" in capsys.readouterr().err
