"""``legevakt rules PROJECT [set … | add-exception … | remove-exception NR]``: the rules and the
«Unntak fra vakthyppigheten» shown and changed from the command line, as the app's «Vakter og
regler» does. A change is checked (a refused value named by its option, nothing saved), saved
with a ``.bak``, and what it does to the stored rota said; the engine then solves by it."""

from __future__ import annotations

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import load_project
from tests.cli.conftest import unchanged_sample
from tests.export.conftest import saved_with_rota


def test_the_rules_are_listed_under_the_forms_labels(liten, capsys):
    assert main(["rules", str(liten)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Regler for Lysfjord legevaktdistrikt 04.01.2027–04.07.2027:"
    shown = {line.split("  ")[1]: line for line in lines[1:11]}
    assert "8,0 t" in shown["Minste hviletid"] and "(--rest)" in shown["Minste hviletid"]
    assert "1 (ønsket)" in shown["Maks vakter i vinduet"]
    assert "2,0 %" in shown["Rettferdighetsmargin"]
    assert lines[11] == "Unntak fra vakthyppigheten: ingen"
    assert lines[12].startswith(f"Endre: «legevakt rules {liten} set --rest 11 …")


def test_set_saves_the_rules_and_the_engine_solves_by_them(liten, capsys):
    assert main(["rules", str(liten), "set", "--rest", "11", "--margin", "3 %",
                 "--hjemmevakt-factor", "0,143", "--max-per-week", "2", "--after-night",
                 "forby"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "  Minste hviletid: 8,0 t → 11,0 t" in out
    assert "  Rettferdighetsmargin: 2,0 % → 3,0 %" in out
    assert "  Maks vakter per uke: ingen grense → 2 (absolutt)" in out
    assert f"Lagret i {liten} (forrige versjon i {liten}.bak)" in out
    rules = load_project(liten).rules
    assert (rules.min_rest_hours, rules.fairness_margin, rules.hjemmevakt_factor) == (11, 0.03, 0.143)
    assert rules.max_per_week is not None and (rules.max_per_week.value, rules.max_per_week.hard) == (2, True)
    assert rules.practice_after_night == "forbid"
    engine = build_problem(load_project(liten)).rules
    assert engine.min_rest_hours == 11 and engine.max_per_week.value == 2
    # the same values again: nothing to save
    assert main(["rules", str(liten), "set", "--rest", "11"]) == EXIT_OK
    assert "Ingenting er endret" in capsys.readouterr().out


@pytest.mark.parametrize(("given", "said"), [
    (["--rest", "25"], "--rest: kan være høyst 24"),
    (["--rest", "tolv"], "--rest: «tolv» er ikke et tall"),
    (["--margin", "50"], "--margin «50»: må være fra 0 til 20 (prosent)"),
    (["--max-in-window", "1,5"], "--max-in-window: «1,5» er ikke et heltall"),
    (["--after-night", "kanskje"], "--after-night «kanskje»: velg fri eller forby"),
    (["--competence-rule", "gammel"], "--competence-rule «gammel»: kjenner ikke den regelen"),
    (["--wished"], "set: si hva som skal endres"),
    (["--rest", "11", "--wished"], "--absolute og --wished gjelder en grense som gis"),
])
def test_a_refused_value_names_its_option_and_saves_nothing(liten, capsys, given, said):
    assert main(["rules", str(liten), "set", *given]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert said in err and err.rstrip().endswith("ingenting er lagret")
    unchanged_sample(liten)


def test_an_exception_is_added_listed_refused_when_it_overlaps_and_removed(liten, capsys):
    """«3-delt vakt i påsken»: the exception takes the period's «ønsket» for its limit, is
    listed numbered, one overlapping it is refused naming both, and it is removed by its
    number."""
    assert main(["rules", str(liten), "add-exception", "29.03", "04.04", "--name", "Påske",
                 "--window", "3", "--max-in-window", "1"]) == EXIT_OK
    assert ("  Nytt: Unntak 29.03–04.04 (Påske): maks 1 vakt per 3 døgn (3-delt, ønsket)"
            in capsys.readouterr().out)
    [exc] = load_project(liten).rules.exceptions
    assert (exc.spacing_window_days, exc.max_in_window.value, exc.max_in_window.hard) == (3, 1, False)
    assert main(["rules", str(liten)]) == EXIT_OK
    assert "  1. Unntak 29.03–04.04 (Påske): maks 1 vakt per 3 døgn" in capsys.readouterr().out
    before = liten.read_bytes()
    for args, said in (
            (["01.04", "10.04", "--max-per-week", "2"], "overlapper unntaket «Påske»"),
            (["10.04", "12.04", "--max-in-window", "1"], "gir de samme grensene som perioden"),
            (["10.04", "12.04"], "si hvilke grenser som gjelder disse dagene"),
            (["12.04", "10.04", "--max-per-week", "2"], "TIL (10.04.2027) er før FRA"),
            (["20.12.2027", "02.01.2028", "--max-per-week", "2"], "ikke innenfor perioden")):
        assert main(["rules", str(liten), "add-exception", *args]) == EXIT_BAD_INPUT
        assert said in capsys.readouterr().err
        assert liten.read_bytes() == before
    assert main(["rules", str(liten), "remove-exception", "2"]) == EXIT_BAD_INPUT
    assert "NR 2: velg et nummer fra 1 til 1" in capsys.readouterr().err
    assert main(["rules", str(liten), "remove-exception", "1"]) == EXIT_OK
    assert "  Fjernet: Unntak 29.03–04.04 (Påske)" in capsys.readouterr().out
    assert load_project(liten).rules.exceptions == []


def test_a_rule_the_stored_rota_now_breaks_is_said_with_how_to_move_it(tmp_path, capsys):
    """Every doctor's vakter are checked against a changed rule (not only a changed doctor's,
    as after ``ledger``): at most one vakt a week, absolute, on a rota that has two."""
    path = saved_with_rota(tmp_path / "lysfjord.legevakt.json")
    assert main(["rules", str(path), "set", "--max-per-week", "1", "--absolute"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Merk: endringen bryter nå reglene på " in out
    assert "  - Maks vakter per uke: " in out
    assert f"«legevakt solve {path} --repair»" in out


def test_a_bundled_sample_is_shown_but_not_changed(capsys):
    assert main(["rules", "liten-kommune"]) == EXIT_OK
    assert "er et medfølgende eksempel og endres ikke" in capsys.readouterr().out
    assert main(["rules", "liten-kommune", "set", "--rest", "11"]) == EXIT_BAD_INPUT
    assert "medfølgende eksempel" in capsys.readouterr().err


@pytest.mark.parametrize("action", [[], ["set"], ["add-exception"], ["remove-exception"]])
def test_every_help_is_shown(action, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["rules", "liten-kommune", *action, "--help"])
    assert ended.value.code == 0
    assert "«Rettferdighetsmargin»" in capsys.readouterr().out or action != ["set"]
