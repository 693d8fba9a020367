"""Fuzz the project loader: every input is accepted or refused with field-path messages.

Inputs: random JSON, the samples mutated at a random place (wrong types, missing fields,
unknown fields and ids, duplicated list items, reversed or extreme dates, absurd numbers,
deep nesting, huge strings), and raw bytes (random, truncated, non-UTF-8) through
:func:`load_project`. The invariant is the same for all: the loader returns a ``Project``,
or raises ``ProjectError`` whose problems all carry a non-empty message; anything else is a
crash. An accepted project must also survive save → load unchanged, and expand into the
engine's problem (what ``legevakt solve`` does next).

About 300 cases in the normal run (derandomised); 10 000+ with LEGEVAKT_SLOW=1.
"""

from __future__ import annotations

import copy
import json
import os
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legevakt_app.domain import Project
from legevakt_app.project_io import (
    ProjectError,
    dumps_project,
    load_project,
    project_from_document,
)
from tests.conftest import SAMPLES

SLOW = os.environ.get("LEGEVAKT_SLOW") == "1"
SAMPLE_DOCS = {
    name: json.loads(path.read_text(encoding="utf-8")) for name, path in SAMPLES.items()
}
# The small samples keep the fast run fast; the slow run mutates all three.
MUTATED = ["liten-kommune", "interkommunal"] + (["stor-legevakt"] if SLOW else [])
CASES: dict[str, int] = {"accepted": 0, "refused": 0}


def fuzz_settings(fast: int, slow: int):
    return settings(
        max_examples=slow if SLOW else fast,
        derandomize=not SLOW,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )


def check_outcome(load) -> Project | None:
    """Run ``load``; a crash (any exception but ProjectError) fails the test."""
    try:
        project = load()
    except ProjectError as err:
        CASES["refused"] += 1
        assert err.problems, "ProjectError without problems"
        for problem in err.problems:
            assert isinstance(problem.message, str) and problem.message.strip(), problem
            assert isinstance(problem.path, str)
        str(err)  # the summary line must render too
        return None
    CASES["accepted"] += 1
    assert isinstance(project, Project)
    # what is accepted can be saved and opened again, unchanged
    again = project_from_document(json.loads(dumps_project(project)))
    assert again == project
    # and handed to the engine (what `legevakt solve` does next)
    from legevakt_app.engine_input import build_problem

    build_problem(project)
    return project


json_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                               max_size=5),
    max_leaves=25,
)

# Values that look like the fields they replace but are wrong, extreme or hostile.
nasty_values = st.one_of(
    json_values,
    st.sampled_from([
        "", " ", "2027-02-30", "0001-01-01", "9999-12-31", "2027-13-01", "24:00", "23:59",
        "00:00", "-1", "1e309", "NaN", "lege01", "sentral", "kveld", "natt@2027-01-04",
        "natt@9999-12-31", "central", "satellite", "fastlege", "over_55", "granted",
        "\x00", "\ud800", "é" * 200, "x" * 100_000,
        0, -1, 1, 2, 7, 31, 371, 372, 10**6, -(10**18), 2**63, 10**400 // 10**100,
        1e308, -1e308, float("inf"), float("nan"), 0.5, 1.5, 3.0001, True, False, None,
        [], {}, [[]], {"": None},
    ]),
)


def deep(depth: int) -> Any:
    value: Any = 0
    for i in range(depth):
        value = [value] if i % 2 else {"x": value}
    return value


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into the document (dict keys and list indexes), down to 12 levels."""
    out = [prefix]
    if len(prefix) >= 12:
        return out
    if isinstance(document, dict):
        for key, value in document.items():
            out += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            out += paths(value, (*prefix, i))
    return out


SAMPLE_PATHS = {name: paths(doc)[1:] for name, doc in SAMPLE_DOCS.items()}


def get(document: Any, path: tuple) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def mutated_documents(draw) -> Any:
    name = draw(st.sampled_from(MUTATED))
    document = copy.deepcopy(SAMPLE_DOCS[name])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        candidates = paths(document)[1:] if document else []
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        parent, key = get(document, path[:-1]), path[-1]
        op = draw(st.sampled_from(
            ["replace", "replace", "delete", "unknown_field", "duplicate", "swap_dates",
             "deep", "huge", "shift_date", "same_id", "schema_version", "date_range",
             "number"]))
        if op == "replace":
            parent[key] = draw(nasty_values)
        elif op == "delete":
            del parent[key]
        elif op == "unknown_field" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["reason", "grunn", "årsak", "x", ""]))] = "diagnose"
        elif op == "duplicate" and isinstance(parent, list):
            try:
                twin = copy.deepcopy(parent[key])
            except RecursionError:  # an earlier "deep" value: share it instead of copying
                twin = parent[key]
            parent.insert(draw(st.integers(0, len(parent))), twin)
        elif op == "swap_dates" and isinstance(parent, dict) and {"start", "end"} <= parent.keys():
            parent["start"], parent["end"] = parent["end"], parent["start"]
        elif op == "deep":
            parent[key] = deep(draw(st.sampled_from([50, 500, 5000])))
        elif op == "huge":
            parent[key] = "Å" * draw(st.sampled_from([1000, 1_000_000]))
        elif op == "shift_date" and isinstance(parent[key], str) and parent[key][:2] == "20":
            parent[key] = draw(st.sampled_from(["0001", "1900", "2026", "2099", "9999"])) + \
                parent[key][4:]
        elif op == "same_id" and isinstance(parent, dict) and "id" in parent:
            parent["id"] = draw(st.sampled_from(["lege01", "lysfjord", "kveld", "natt", "x"]))
        elif op == "date_range" and isinstance(parent, dict) and "start" in parent:
            # a well-ordered, short range anywhere in Python's calendar, often at its edges
            length = timedelta(days=draw(st.integers(0, 400)))
            edge = draw(st.sampled_from(["any", "first", "last"]))
            if edge == "last":
                first = date.max - length
            elif edge == "first":
                first = date.min
            else:
                first = draw(st.dates(max_value=date.max - length))
            parent["start"], parent["end"] = first.isoformat(), (first + length).isoformat()
        elif op == "number" and isinstance(parent[key], int | float):
            parent[key] = draw(st.one_of(
                st.integers(-(2**64), 2**64), st.floats(), st.sampled_from([0, -0.0, 1e-300])))
        elif op == "schema_version":
            document["schema_version"] = draw(st.sampled_from([0, 1, 2, 3, -1, "2", 2.0, None]))
    return document


@fuzz_settings(fast=60, slow=2000)
@given(json_values)
def test_random_json_is_refused_cleanly(document):
    check_outcome(lambda: project_from_document(document))


@fuzz_settings(fast=60, slow=2000)
@given(st.dictionaries(
    st.sampled_from(["schema_version", "district", "period", "doctors", "templates", "rules",
                     "rota", "snapshots", "x"]),
    json_values, max_size=9))
def test_random_top_level_objects_are_refused_cleanly(document):
    check_outcome(lambda: project_from_document(document))


@fuzz_settings(fast=150, slow=5000)
@given(mutated_documents())
def test_mutated_samples_never_crash(document):
    check_outcome(lambda: project_from_document(document))


@fuzz_settings(fast=30, slow=1000)
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_raw_bytes_never_crash(tmp_path_factory, name, data):
    original = SAMPLES[name].read_bytes()
    kind = data.draw(st.sampled_from(["random", "truncate", "flip", "latin1", "bom", "utf16"]))
    if kind == "random":
        raw = data.draw(st.binary(max_size=2000))
    elif kind == "truncate":
        raw = original[: data.draw(st.integers(0, len(original)))]
    elif kind == "flip":
        pos = data.draw(st.integers(0, len(original) - 1))
        raw = original[:pos] + bytes([data.draw(st.integers(0, 255))]) + original[pos + 1:]
    elif kind == "latin1":
        raw = original.decode("utf-8").replace("Lysfjord", "Lysfjørd").encode("latin-1",
                                                                             "replace")
    elif kind == "bom":
        raw = b"\xef\xbb\xbf" + original
    else:
        raw = original.decode("utf-8").encode("utf-16")
    path = tmp_path_factory.mktemp("fuzz") / "f.legevakt.json"
    path.write_bytes(raw)
    check_outcome(lambda: load_project(path))


def test_fuzz_figures():
    """Prints how many cases ran (run with -s to see)."""
    print(f"\nfuzz cases: {CASES['accepted']} accepted, {CASES['refused']} refused")


@pytest.mark.parametrize("depth", [10, 1000, 100_000])
def test_deep_nesting_in_a_file(tmp_path, depth):
    path = tmp_path / "deep.legevakt.json"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    check_outcome(lambda: load_project(path))
    path.write_text('{"a":' * depth + "0" + "}" * depth, encoding="utf-8")
    check_outcome(lambda: load_project(path))


def test_half_a_surrogate_pair_is_a_field_problem_not_a_crash(tmp_path, capsys):
    """Found by the long fuzz run: JSON may escape a lone UTF-16 surrogate ("\\ud800"), which
    the validator cannot even encode. It is reported at its field, by load and by check."""
    from legevakt_app.cli import main
    from legevakt_app.project_io import ProjectError, load_project

    text = SAMPLES["liten-kommune"].read_text(encoding="utf-8")
    document = json.loads(text)
    document["doctors"][1]["name"] = "Ola \ud800 Hallingset"
    path = tmp_path / "surrogat.legevakt.json"
    path.write_text(json.dumps(document), encoding="ascii")  # escaped as \ud800, a valid file
    with pytest.raises(ProjectError) as err:
        load_project(path)
    assert [p.path for p in err.value.problems] == ["doctors[1].name"]
    assert "U+D800" in err.value.problems[0].message
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr()
    assert "lege 2 (lege02), Navn: teksten har et ugyldig tegn" in out.err and "Traceback" not in out.out + out.err
