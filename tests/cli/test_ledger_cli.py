"""``legevakt ledger PROJECT [set LEGE --hours … --nights …]``: the vaktregnskap carried from
earlier periods, shown and changed from the command line as in the Leger table's ledger
columns. A change is checked (each refused value named by its option and column), saved with a
``.bak``, and what it does to a stored rota said; the project then solves with it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from legevakt_app.project_io import load_project
from tests.cli.conftest import unchanged_sample
from tests.conftest import SAMPLES

LABELS = ("Regnskap t", "Netter ±", "Vakter i helg ±", "Høytidsvakter ±", "Hadde høytid",
          "Siste vakt sluttet", "Vaktdager i forrige periode")



def test_the_ledger_is_listed_under_the_leger_tables_labels(liten, capsys):
    assert main(["ledger", str(liten)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Vaktregnskap fra tidligere perioder, Lysfjord legevaktdistrikt "
                               "04.01.2027–04.07.2027 (pluss = over rettferdig andel")
    assert lines[1].split("  ")[0] == "Id" and all(label in lines[1] for label in LABELS)
    assert lines[2].split() == ["lege01", "Kari", "Nordeng", "0", "0", "0", "0", "–", "–", "–"]
    assert len(lines) == 2 + 4 + 1  # a line per doctor, and how to change one
    assert lines[-1] == (f"Endre: «legevakt ledger {liten} set LEGE --hours TIMER --nights "
                         "ANTALL …» («legevakt ledger PROSJEKT set --help» viser alle)")


def test_a_bundled_sample_is_listed_and_the_way_to_change_it_starts_with_a_copy(capsys):
    assert main(["ledger", "liten-kommune"]) == EXIT_OK
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("liten-kommune.legevakt.json er et medfølgende eksempel og endres "
                           "ikke: kopier det først")
    assert last.endswith("og endre med «legevakt ledger mitt-liten-kommune.legevakt.json set "
                         "LEGE --hours TIMER --nights ANTALL …»")


def test_set_changes_the_ledger_saves_it_and_lists_it(liten, capsys):
    assert main(["ledger", str(liten), "set", "Kari", "--hours", "120", "--nights", "14",
                 "--weekends", "-3", "--had-high-days", "jul og påske",
                 "--last-vakt-end", "03.01.2027 08:00",
                 "--earlier-duty-days", "28.12, 31.12, 3.1"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        "Vaktregnskapet til Kari Nordeng (lege01) er endret:",
        "  Regnskap t: 0 → +120",
        "  Netter ±: 0 → +14",
        "  Vakter i helg ±: 0 → -3",
        "  Hadde høytid: – → jul, påske",
        "  Siste vakt sluttet: – → 03.01.2027 08:00",
        "  Vaktdager i forrige periode: – → man 28.12, tor 31.12, søn 03.01",
        f"Lagret i {liten} (forrige versjon i {liten}.bak)"]
    ledger = load_project(liten).doctor("lege01").ledger
    assert (ledger.load_balance, ledger.nights, ledger.weekends, ledger.high_days) == (120, 14, -3, 0)
    assert ledger.had_high_days == ["jul", "påske"]
    assert ledger.last_vakt_end == datetime(2027, 1, 3, 8, 0)
    assert [f"{d:%d.%m.%Y}" for d in ledger.earlier_duty_days] == [
        "28.12.2026", "31.12.2026", "03.01.2027"]
    assert liten.with_name(liten.name + ".bak").read_bytes() == SAMPLES["liten-kommune"].read_bytes()
    # only what was given changes; the list shows it
    assert main(["ledger", str(liten), "set", "lege01", "--hours=-12,5"]) == EXIT_OK
    assert "  Regnskap t: +120 → -12,5" in capsys.readouterr().out
    assert main(["ledger", str(liten)]) == EXIT_OK
    kari = capsys.readouterr().out.splitlines()[2]
    assert kari.split() == ["lege01", "Kari", "Nordeng", "-12,5", "+14", "-3", "0", "jul,",
                            "påske", "03.01.2027", "08:00", "man", "28.12,", "tor", "31.12,",
                            "søn", "03.01"]


def test_the_project_then_solves_keeping_the_carried_rest(liten, capsys):
    # Per's last vakt of the period before ended Monday 04.01 at 12:00: with 8 t rest, the
    # first døgnvakt (16:00) cannot be his; the rota made after the change keeps that
    assert main(["ledger", str(liten), "set", "Per Kroken",
                 "--last-vakt-end", "4.1.2027 12:00"]) == EXIT_OK
    capsys.readouterr()
    assert main(["solve", str(liten), "--save", "--quiet", "--time-limit", "5"]) == EXIT_OK
    saved = load_project(liten)
    first = [a.doctor_id for a in saved.rota if a.shift_id == "dogn@2027-01-04"]
    assert first and "lege04" not in first
    assert main(["check", str(liten)]) == EXIT_OK
    assert "kontroll: ✔ oppfyller alle" in capsys.readouterr().out


def test_a_change_that_breaks_the_stored_rota_says_so(liten, capsys):
    assert main(["solve", str(liten), "--save", "--quiet", "--time-limit", "4",
                 "--deterministic"]) == EXIT_OK
    doctor = next(a.doctor_id for a in load_project(liten).rota
                  if a.shift_id == "dogn@2027-01-04" and a.role == "vakt")
    capsys.readouterr()
    assert main(["ledger", str(liten), "set", doctor,
                 "--last-vakt-end", "04.01.2027 12:00"]) == EXIT_OK
    out = capsys.readouterr().out
    assert ("Merk: endringen bryter nå reglene på 1 vakt i den lagrede turnusen (1 regelbrudd):\n"
            "  - Fravær og fritak: ") in out
    assert "har hvile etter vakt i forrige periode (04.01 Lysfjord legevakt Døgnvakt)" in out
    assert f"«legevakt solve {liten} --repair»" in out


def test_every_value_refused_is_named_by_its_option_and_column(liten, capsys):
    assert main(["ledger", str(liten), "set", "kari", "--hours", "tolv", "--nights", "1,5",
                 "--weekends", "900", "--had-high-days", "jul, sommer",
                 "--earlier-duty-days", "05.01"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "legevakt ledger: Kari Nordeng: 5 verdier kan ikke brukes; ingenting er lagret:",
        "  --hours (Regnskap t): «tolv» er ikke et tall (skriv f.eks. 0,5)",
        "  --nights (Netter ±): «1,5» er ikke et heltall",
        "  --weekends (Vakter i helg ±): kan være høyst 500",
        "  --had-high-days (Hadde høytid): «sommer» er ikke en høytid (skriv jul, nyttår, "
        "påske, pinse eller 17. mai)",
        "  --earlier-duty-days (Vaktdager i forrige periode): 05.01 er ikke blant de 31 dagene "
        "før periodens start (04.12.2026–03.01.2027)"]
    unchanged_sample(liten)


@pytest.mark.parametrize(("argv", "expected"), [
    (["--high-days=-101"], "--high-days (Høytidsvakter ±): må være minst -100"),
    (["--nights", ""], "--nights (Netter ±): kan ikke være tomt"),
    (["--last-vakt-end", "03.01.2027"],
     "--last-vakt-end (Siste vakt sluttet): skriv også klokkeslettet vakten sluttet"),
    (["--last-vakt-end", "12.01.2027 08:00"],
     "--last-vakt-end (Siste vakt sluttet): siste vakt i forrige periode sluttet 12.01.2027 "
     "08:00, men en vakt som begynte før denne periodens start (04.01.2027), varer høyst til "
     "og med 10.01.2027"),
    (["--earlier-duty-days", "04.01.2027"],
     "--earlier-duty-days (Vaktdager i forrige periode): vaktdagen 04.01.2027 skal være fra "
     "forrige periode, men er ikke før denne periodens start (04.01.2027)"),
])
def test_one_value_refused_is_one_line(liten, capsys, argv, expected):
    assert main(["ledger", str(liten), "set", "Ola", *argv]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"legevakt ledger: Ola Hallingset: {expected}")
    assert err.rstrip().endswith("; ingenting er lagret") and err.count("\n") == 1
    unchanged_sample(liten)


def test_an_unknown_or_ambiguous_doctor_names_the_doctors(liten, capsys):
    assert main(["ledger", str(liten), "set", "Nils", "--nights", "1"]) == EXIT_BAD_INPUT
    assert ("legevakt ledger: LEGE «Nils»: ingen lege har den id-en eller det navnet; legene er "
            "lege01 Kari Nordeng, lege02 Ola Hallingset, lege03 Ingrid Reinvik, lege04 Per "
            "Kroken; ingenting er lagret") in capsys.readouterr().err
    # a slip names the likely doctor
    assert main(["ledger", str(liten), "set", "Kary", "--nights", "1"]) == EXIT_BAD_INPUT
    assert ("LEGE «Kary»: ingen lege har den id-en eller det navnet — mente du Kari Nordeng "
            "(lege01)? Legene er lege01 Kari Nordeng,") in capsys.readouterr().err
    assert main(["ledger", str(liten), "set", "lege0", "--nights", "1"]) == EXIT_BAD_INPUT
    assert "LEGE «lege0» kan være flere leger" in capsys.readouterr().err
    unchanged_sample(liten)


def test_nothing_to_change_and_the_same_values_save_nothing(liten, capsys):
    assert main(["ledger", str(liten), "set", "Kari"]) == EXIT_BAD_INPUT
    assert ("legevakt ledger: set: si hva som skal endres: --hours, --nights, --weekends, "
            "--high-days, --had-high-days, --last-vakt-end, --earlier-duty-days; ingenting er "
            "lagret") in capsys.readouterr().err
    assert main(["ledger", str(liten), "set", "Kari", "--nights", "0", "--had-high-days", "–"]) == EXIT_OK
    assert capsys.readouterr().out == ("Ingenting er endret: Kari Nordeng (lege01) har alt disse "
                                       "verdiene i vaktregnskapet; ingenting er lagret.\n")
    unchanged_sample(liten)


def test_a_sample_and_a_read_only_file_are_not_changed(liten, capsys):
    assert main(["ledger", "liten-kommune", "set", "Kari", "--nights", "1"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("legevakt ledger: PROSJEKT: liten-kommune.legevakt.json er et "
                          "medfølgende eksempel og endres ikke: kopier det først")
    liten.chmod(0o444)
    try:
        assert main(["ledger", str(liten), "set", "Kari", "--nights", "1"]) == EXIT_BAD_INPUT
        assert (f"legevakt ledger: {liten}: kan ikke lagre (filen er skrivebeskyttet)"
                in capsys.readouterr().err)
    finally:
        liten.chmod(0o644)
    unchanged_sample(liten)


def test_a_change_made_on_disk_since_it_was_read_is_not_overwritten(liten, capsys, monkeypatch):
    import legevakt_app.ledger_edit as ledger_edit

    real = ledger_edit.with_ledger

    def meanwhile(*args, **kwargs):
        data = json.loads(liten.read_text(encoding="utf-8"))
        data["district"]["name"] = "Endret i appen"
        liten.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_edit, "with_ledger", meanwhile)
    assert main(["ledger", str(liten), "set", "Kari", "--nights", "3"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "filen er endret på disken etter at den ble lest" in err
    assert "vaktregnskapet er ikke lagret (det ville overskrevet den endringen)" in err
    saved = load_project(liten)
    assert saved.district.name == "Endret i appen" and saved.doctor("lege01").ledger.nights == 0
