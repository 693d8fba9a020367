"""`legevakt solve --repair` in the middle of a published period: a doctor falls ill for two
weeks, and the leader must know whom to tell what."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from legevakt_app.cli import EXIT_NO_ROTA, EXIT_OK, main
from legevakt_app.engine_input import build_problem
from legevakt_app.project_io import load_project
from legevakt_app.snapshots import diff_against_latest, latest_snapshot
from tests.conftest import SAMPLES

ILL_FROM, ILL_TO = "2027-03-01", "2027-03-14"


def _ill(tmp_path: Path, published: bytes, doctor: str) -> Path:
    """The published project with ``doctor`` ill (fravær «annet») for two weeks."""
    document = json.loads(published)
    for d in document["doctors"]:
        if d["id"] == doctor:
            d["unavailable"].append({"start": ILL_FROM, "end": ILL_TO, "kind": "annet"})
    path = tmp_path / "liten.legevakt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_repair_names_each_doctor_to_tell_and_the_vakter_they_get_or_lose(tmp_path, published,
                                                                              capsys):
    path = _ill(tmp_path, published, "lege01")
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--save", "--quiet", "--time-limit", "10",
                 "--deterministic"]) == EXIT_OK
    out = capsys.readouterr().out
    project = load_project(path)
    snapshot = latest_snapshot(project)
    ill = [a for a in snapshot.assignments if a.doctor_id == "lege01"
           and ILL_FROM <= a.shift_id.split("@")[1] <= ILL_TO]
    assert ill, "Kari had vakter in the two weeks"
    diff = diff_against_latest(project)
    # every vakt Kari had in the two weeks moved, and nothing else of what was published
    assert sorted((c.shift_id, c.role) for c in diff.moved + diff.removed) == \
        sorted((a.shift_id, a.role) for a in ill)
    lines = {line.split(":")[0].strip(): line for line in out.splitlines() if line.startswith("  ")}
    # Kari is told which vakter she no longer has, by day and vakt …
    kari = lines["Kari Nordeng"]
    assert f"mister {len(ill)}:" in kari
    shifts = {s.id: s for s in build_problem(project).shifts}
    for a in ill:
        assert f"{shifts[a.shift_id].start:%d.%m} {shifts[a.shift_id].label}" in kari
    # … and each colleague which ones they get
    gained = Counter(c.after for c in diff.changes if c.after is not None)
    names = {d.id: d.name for d in project.doctors}
    for doctor, n in gained.items():
        assert f"får {n}:" in lines[names[doctor]]
    assert f"({len(diff.affected_doctors())} leger må få beskjed)" in out
    assert f"Flyttet: {len(ill)} tildelinger av de {len(snapshot.assignments)} som var publisert" in out
    assert "--ics-dir MAPPE --publish" in out




def test_a_repair_stopped_before_its_fewest_moves_says_so_and_how_to_finish_it(tmp_path):
    """A repair that runs out of time while it still looks for the fewest moves (a big district,
    a short --time-limit) delivers a rota that may change far more than it needs to: the leader
    is told before telling the doctors. Here interkommunal after publishing, where the leader
    pre-assigns one doctor a vakt that another has: no rota keeps all the rest (the other must
    give way, so the search is the whole model's), stopped for real at the start of that level."""
    import threading

    from legevakt_app.snapshots import publish_snapshot, repair_base
    from legevakt_app.solve_cli import unfinished_note
    from solver.solve import solve
    from tests.conftest import pre_assign_anothers_vakt

    path = tmp_path / "interkommunal.legevakt.json"
    path.write_bytes(SAMPLES["interkommunal"].read_bytes())
    assert main(["solve", str(path), "--save", "--quiet", "--time-limit", "5"]) == EXIT_OK
    project = pre_assign_anothers_vakt(publish_snapshot(load_project(path)))
    stop = threading.Event()

    def stop_at_the_moves_level(progress) -> None:
        if progress.level == "moves":
            stop.set()

    stopped = solve(build_problem(project), time_limit=20, workers=2,
                    repair_from=repair_base(project), cancel_token=stop,
                    on_progress=stop_at_the_moves_level)
    moves = stopped.level("moves")  # not reached, or not proven
    assert stopped.rota.assignments and (moves is None or moves.status != "optimal")
    note = unfinished_note(stopped, 30, published=True)
    assert note is not None and note.startswith("Merk: reparasjonen ble ikke ferdig")
    assert f"turnusen flytter {stopped.moved} tildelinger, og færre kan være nok" in note
    assert "--time-limit 120 (den regner fra den publiserte turnusen igjen)" in note
    finished = solve(build_problem(project), time_limit=20, workers=2,
                     repair_from=repair_base(project))
    assert finished.level("moves").status == "optimal" and finished.moved < stopped.moved
    assert unfinished_note(finished, 30, published=True) is None


def test_a_doctor_who_joins_after_publishing_gets_nothing_from_a_repair_and_is_told_how(
        tmp_path, published, capsys):
    """Nina joins the district on 1 April, after the rota was published. A repair moves nothing
    (nobody is away), so she has no vakter: the leader is told so, and how to give her some —
    lock what stands and solve the rest — which works."""
    document = json.loads(published)
    nina = dict(document["doctors"][1], id="lege05", name="Nina Nyvik", birth_year=1985,
                unavailable=[{"start": "2027-01-04", "end": "2027-03-31", "kind": "annet"}])
    document["doctors"].append(nina)
    path = tmp_path / "liten.legevakt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--save", "--quiet", "--time-limit", "10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Flyttet: 0 tildelinger" in out
    assert "Merk: Nina Nyvik har ingen vakter: en reparasjon flytter bare det den må" in out
    assert f"«legevakt edit {path} lock --to DATO»" in out
    assert f"«legevakt solve {path} --save --replace-published»" in out
    # what it says to do
    assert main(["edit", str(path), "lock", "--to", "31.03.2027"]) == EXIT_OK
    kept = {(a.shift_id, a.role, a.doctor_id) for a in load_project(path).rota if a.locked}
    assert kept
    assert main(["solve", str(path), "--save", "--quiet", "--time-limit", "5",
                 "--replace-published"]) == EXIT_OK
    rota = load_project(path).rota
    assert any(a.doctor_id == "lege05" for a in rota)
    assert kept <= {(a.shift_id, a.role, a.doctor_id) for a in rota}
    # published, as it says: a repair now keeps her vakter, and says nothing of the kind
    assert "og publiser den nye turnusen (export --publish)" in out
    assert main(["export", str(path), "--ics-dir", str(tmp_path / "kal"), "--publish"]) == EXIT_OK
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--quiet", "--time-limit", "10"]) == EXIT_OK
    assert "har ingen vakter" not in capsys.readouterr().out


def test_an_illness_no_repair_can_cover_is_explained_and_the_file_is_left_as_it_was(
        tmp_path, published, capsys):
    """Kari and Ola ill in the same week: nobody may be Per's bakvakt at night. The repair
    explains why, and says the stored rota is as it was — which it is, to the byte."""
    path = _ill(tmp_path, published, "lege01")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["doctors"][1]["unavailable"].append(
        {"start": "2027-03-08", "end": "2027-03-21", "kind": "annet"})
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--save", "--quiet", "--time-limit", "10"]) \
        == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert "ingen vaktkompetent bakvakt er ledig for Per Kroken" in err
    assert f"Ingenting er lagret: turnusen i {path} er som før." in err
    assert path.read_bytes() == before


def test_an_illness_with_no_rule_to_ease_says_what_the_leader_can_do(tmp_path, published, capsys):
    """Kari ill over Easter, when Ola has his course: Per Kroken is the only one free for the
    døgnvakter, and nobody may be his bakvakt. No rule eased alone gives a rota, so the engine
    lists no fix — and the leader is told what she can do (as the app's «Hva kan gjøres»):
    find a doctor or vikar, look at the absences named, and repair again."""
    document = json.loads(published)
    for d in document["doctors"]:
        if d["id"] == "lege01":
            d["unavailable"].append({"start": "2027-04-05", "end": "2027-04-18", "kind": "annet"})
    path = tmp_path / "liten.legevakt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--quiet", "--time-limit", "10"]) == EXIT_NO_ROTA
    err = capsys.readouterr().err
    assert "ingen vaktkompetent bakvakt er ledig for Per Kroken" in err
    assert "Mulige lettelser" not in err
    what = [line for line in err.splitlines() if line.startswith("Hva kan gjøres:")]
    assert len(what) == 1, err
    assert "legg til en lege eller vikar" in what[0]
    assert f"legevakt solve {path} --repair" in what[0]


def _told(out: str) -> list[str]:
    """What a repair's output tells the doctors: the «Flyttet» line and each doctor's line."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Flyttet: "))
    return [lines[at], *(line for line in lines[at + 1:] if line.startswith("  "))]


def test_a_repair_looked_at_and_then_saved_tells_the_same_doctors_the_same_vakter(
        tmp_path, published, capsys):
    """The leader runs ``--repair`` to see whom to tell, phones them, then stores the repair
    with ``--repair --save``: the save must make the same moves as the list she phoned from
    (QA, interkommunal, Kjetil ill 15.03–28.03: on the clock the look gave his 15.03 Kveld to
    Sigrid, the save to Kari). On the clock liten-kommune's repair of Kari's two weeks gives
    Per and Ola other vakter from run to run too; a repair runs deterministically unless asked
    not to, so the look's last line can say that the save stores exactly this repair."""
    path = _ill(tmp_path, published, "lege01")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["solve", str(path), "--repair", "--quiet", "--time-limit", "10"]) == EXIT_OK
    look = capsys.readouterr().out
    assert path.read_bytes() == before  # only looked at
    assert look.splitlines()[-1] == (
        "Turnusen er ikke lagret: den står bare her. Lagre den i prosjektet med «legevakt "
        f"solve {path} --repair --save --time-limit 10» (med de samme valgene lagrer den "
        "nøyaktig denne reparasjonen, så legene får beskjed etter listen over), eller skriv "
        "den til en fil med --out FIL.")
    assert main(["solve", str(path), "--repair", "--save", "--quiet", "--time-limit",
                 "10"]) == EXIT_OK
    saved = capsys.readouterr().out
    assert _told(saved)[0].startswith("Flyttet: ")
    assert _told(look) == _told(saved)
    # and what is stored is what the list says
    diff = diff_against_latest(load_project(path))
    assert f"({len(diff.affected_doctors())} leger må få beskjed)" in look
