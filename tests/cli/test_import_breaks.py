"""`legevakt import` of an absence into a project whose rota is saved and published: the
leader is told, before and after saving, which vakter the absence now breaks and how to move
them; `check` lists the same breaks, in time order."""

from __future__ import annotations

import re

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, main

ILL = "lege;fra;til;type\nOla Hallingset;08.03.2027;14.03.2027;annet\n"


def _breaks(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  - ")]


def _days(lines: list[str]) -> list[tuple[int, int]]:
    return [(int(m[2]), int(m[1])) for m in (re.search(r"\((\d\d)\.(\d\d) ", x) for x in lines)]


def test_an_imported_absence_says_which_published_vakter_it_breaks(tmp_path, published, capsys):
    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(published)
    table = tmp_path / "syk.csv"
    table.write_text(ILL, encoding="utf-8")
    capsys.readouterr()

    assert main(["import", str(path), str(table)]) == EXIT_OK
    preview = capsys.readouterr().out
    assert path.read_bytes() == published  # a preview saves nothing
    head = re.search(r"Merk: endringen vil bryte reglene på (\d+) vakt(?:er)? i den publiserte "
                     r"turnusen", preview)
    assert head, preview
    told = _breaks(preview)
    assert told and all("Ola Hallingset har annet fravær" in line for line in told), preview
    assert len(told) == int(head[1])
    assert f"«legevakt solve {path} --repair»" in preview

    assert main(["import", str(path), str(table), "--apply"]) == EXIT_OK
    applied = capsys.readouterr().out
    assert f"Merk: endringen bryter nå reglene på {head[1]} vakt" in applied, applied
    assert _breaks(applied) == told
    assert f"«legevakt solve {path} --repair»" in applied

    # check finds the same breaks, in time order
    assert main(["check", str(path)]) == EXIT_NO_ROTA
    checked = _breaks(capsys.readouterr().out.split("\nTurnus:")[1])
    assert checked == told
    assert _days(checked) == sorted(_days(checked))
    assert all((3, 7) <= day <= (3, 14) for day in _days(checked))


def test_an_absence_that_breaks_nothing_adds_no_warning(tmp_path, published, capsys):
    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(published)
    table = tmp_path / "ferie.csv"
    table.write_text("lege;fra;til;type\nOla Hallingset;01.08.2027;02.08.2027;ferie\n",
                     encoding="utf-8")  # after the period
    capsys.readouterr()
    assert main(["import", str(path), str(table), "--apply"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Importert og lagret" in out and "Merk: endringen" not in out, out


def test_the_import_preview_says_what_an_update_and_a_new_doctor_bring(tmp_path, capsys):
    """The QA audit: the command line said only «oppdaterer lege: Kjetil …» where his birth
    year went from 1984 to 1970 (the app showed it), and nothing of a new doctor's vaktandel
    or that she needs a bakvakt."""
    from tests.conftest import SAMPLES

    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    table = tmp_path / "leger.csv"
    table.write_text("navn;kommune;fødselsår;vaktandel\nKari Nordeng;Lysfjord;1970;1\n"
                     "Ny Lege;Lysfjord;1990;0,5\n", encoding="utf-8")
    assert main(["import", str(path), str(table)]) == EXIT_OK
    out = capsys.readouterr().out
    assert re.search(r"rad 2: oppdaterer lege: Kari Nordeng \(.*\) — endrer fødselsår \d{4} "
                     r"→ 1970\n", out), out
    assert "rad 3: ny lege: Ny Lege (Fastlege, Lysfjord, født 1990) — stilling 100 %, vaktandel " \
           "50 %, praksis 49 t/uke; trenger bakvakt (0 av 30 mnd klinisk tjeneste" in out
    assert "Ingenting er lagret; kjør igjen med --apply for å importere." in out
