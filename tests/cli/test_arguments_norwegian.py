"""The command line's own words in Norwegian: ``--help`` of every command, and a mistyped
argument gets one Norwegian line naming it, the usage line and exit 2 (bad input)."""

from __future__ import annotations

import pytest

from legevakt_app.cli import EXIT_BAD_INPUT, main

COMMANDS = ("gui", "check", "solve", "report", "export", "import", "next-period", "bench",
            "edit", "ledger")
ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "show program's",
           "error:", "default ")  # argparse's words, and our old help texts ("(default 60)")


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_norwegian(command, capsys) -> None:
    out = _help(["--help"] if command is None else [command, "--help"], capsys)
    assert out.startswith("bruk: legevakt")
    assert "vis denne hjelpen og avslutt" in out
    for english in ENGLISH:
        assert english not in out, english


def test_help_names_every_command_in_norwegian(capsys) -> None:
    out = _help(["--help"], capsys)
    assert "kommandoer:" in out and "Avslutningskoder: 0 ok, 1 ingen turnus finnes" in out
    for command in COMMANDS:
        assert f"\n    {command} " in out or f"\n    {command}\n" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["solve"], "legevakt solve: mangler PROSJEKT"),
    (["solve", "liten-kommune", "--time-limit", "ti"],
     "legevakt solve: --time-limit: 'ti' er ikke et tall"),
    (["bench", "--repeats", "3.5"], "legevakt bench: --repeats: '3.5' er ikke et heltall"),
    (["solve", "liten-kommune", "--seed"], "legevakt solve: --seed: mangler en verdi"),
    (["import", "a.legevakt.json", "leger.csv", "--kind", "vakter"],
     "legevakt import: --kind: ukjent valg 'vakter' (velg blant 'fravaer', 'leger')"),
    (["turnus"], "legevakt: KOMMANDO: ukjent valg 'turnus'"),
    (["next-period", "a.legevakt.json", "--out", "b.legevakt.json", "--start", "1. juli"],
     "legevakt next-period: --start: «1. juli» er ikke en dato (bruk dd.mm.åååå"),
    (["next-period", "a.legevakt.json", "--out", "b.legevakt.json", "--end", "31.06.2027"],
     "legevakt next-period: --end: «31.06.2027» er ingen gyldig dato"),
    (["check", "liten-kommune", "--farge", "blå"], "legevakt: ukjente argumenter: --farge blå"),
])
def test_a_bad_argument_is_one_norwegian_line_and_exit_2(argv, expected, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("bruk: legevakt")
    assert expected in err
    assert "error" not in err and "invalid" not in err and "Traceback" not in err


def test_report_module_takes_the_same_arguments_as_the_report_command(capsys) -> None:
    from legevakt_app.report_cli import main as report_main

    with pytest.raises(SystemExit) as stop:
        report_main(["--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == _help(["report", "--help"], capsys)
