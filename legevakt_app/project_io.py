"""Project files: load with complete validation, save atomically with a backup.

A project file is one JSON document (``*.legevakt.json``) per district and rota period. Loading
reports *all* problems at once, each with the field path (``doctors[3].unavailable[0]: end
2027-02-01 is before start 2027-02-08``). Reading is strict: a number must be a JSON number
(not ``true`` or ``"2480"``), a yes/no ``true`` or ``false``, and no key may stand twice in one
object (:func:`validate_strictly`, :func:`duplicate_key_problems`). Saving writes a temporary
file, fsyncs it and renames it over the old one, after keeping the old one as ``*.bak``.
Load-then-save is byte-stable.

A save never overwrites changes made to the file by someone else in the meantime (another
command, another window, a sync tool): :func:`load_project_stamped` gives the project with a
:class:`FileStamp` of the bytes read, and ``save_project(..., expected=stamp)`` refuses with
:class:`legevakt_app.file_errors.FileChanged` when the file no longer holds those bytes.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import re
import shutil
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from legevakt_app.domain import SCHEMA_VERSION, Project
from solver.problem import RESULT_FORMAT

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project, at a field path."""

    path: str
    message: str
    # the validator's own error (type, ctx) when the problem came from it: lets a reader word
    # it in another language without parsing ``message``
    error: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    # the doctor a problem under ``doctors[i]`` is about, as the file names them (the name,
    # else the id; "" when neither is usable text): «lege 2 (Ola Hallingset), Født»
    doctor: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProjectError(Exception):
    """The project could not be loaded; ``problems`` says everything that is wrong."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in problems[:5]))


class ResultFileError(ProjectError):
    """A result file (``legevakt-rota/1``) that cannot be read: its fields are not a project's,
    and the app does not open it, so its problems keep the paths the file has."""


def format_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _clean_message(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


PATTERN_MESSAGES = {
    r"\S": "must not be empty or only spaces",
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$": (
        "an id must start with a letter or digit and use only A–Z, a–z, 0–9, '_', '.', '-'"
    ),
}


def _pydantic_problems(err: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for item in err.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        message = _clean_message(str(item["msg"]))
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of the project format)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "string_pattern_mismatch":
            pattern = (item.get("ctx") or {}).get("pattern")
            message = PATTERN_MESSAGES.get(str(pattern), message)
        problems.append(Problem(format_path(loc), message, dict(item)))
    return problems


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: every snapshot gets ``doctor_names`` (doctor id → name as announced).

    Version 1 kept only doctor ids in a published snapshot, so the project could no longer be
    opened once a doctor in it was removed from the district. Version 1 required every
    snapshot doctor to be in ``doctors``, so the names are taken from there. The migration
    runs before validation and must tolerate any shape: it only fills what it understands and
    leaves everything else for validation to report.
    """
    names: dict[str, str] = {}
    doctors = document.get("doctors")
    if isinstance(doctors, list):
        for doc in doctors:
            if isinstance(doc, dict):
                doctor_id, name = doc.get("id"), doc.get("name")
                if isinstance(doctor_id, str) and isinstance(name, str):
                    names.setdefault(doctor_id, name)
    snapshots = document.get("snapshots")
    if isinstance(snapshots, list):
        migrated: list[Any] = []
        for snap in snapshots:
            if isinstance(snap, dict) and "doctor_names" not in snap:
                snap = dict(snap)
                entries = snap.get("assignments")
                announced: dict[str, str] = {}
                for entry in entries if isinstance(entries, list) else []:
                    doctor_id = entry.get("doctor_id") if isinstance(entry, dict) else None
                    if isinstance(doctor_id, str) and doctor_id in names:
                        announced.setdefault(doctor_id, names[doctor_id])
                snap["doctor_names"] = announced
            migrated.append(snap)
        document["snapshots"] = migrated
    return document


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 → 3: a fritak by the right of pregnancy or breastfeeding becomes «right»,
    without which of the two (health information the district need not keep). Tolerates any
    shape, as :func:`_v1_to_v2`."""
    doctors = document.get("doctors")
    if isinstance(doctors, list):
        document["doctors"] = [_rights_kept_as_right(doc) for doc in doctors]
    return document


def _rights_kept_as_right(doc: Any) -> Any:
    exemptions = doc.get("exemptions") if isinstance(doc, dict) else None
    if not isinstance(exemptions, list):
        return doc
    changed = []
    for ex in exemptions:
        if isinstance(ex, dict) and ex.get("category") in ("pregnancy", "breastfeeding"):
            ex = {**ex, "category": "right"}
        changed.append(ex)
    return {**doc, "exemptions": changed}


# Migrations: each takes a document of version N and returns version N+1. Every migration
# has its own test with a fixture file of the old version (tests/reliability/data).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def migrate(document: dict[str, Any]) -> dict[str, Any]:
    """Bring an older document up to :data:`SCHEMA_VERSION`; refuse a newer one.

    Works on a shallow copy: the caller's document is not changed.
    """
    document = dict(document)
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError([Problem("schema_version", "missing or not a whole number")])
    if version > SCHEMA_VERSION:
        raise ProjectError(
            [
                Problem(
                    "schema_version",
                    f"the file is version {version}, made by a newer Legevakt; this version "
                    f"reads up to {SCHEMA_VERSION}. Update the program to open it.",
                )
            ]
        )
    if version < 1:
        raise ProjectError([Problem("schema_version", f"unknown version {version}")])
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
        document["schema_version"] = version
    return document


_DOCTOR_PATH = re.compile(r"doctors\[(\d+)\]")


def _usable_label(value: Any) -> str:
    """``value`` when it is text fit to show as a doctor's label, else ""."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if not text or len(text) > 80 or not text.isprintable():
        return ""
    return text


def doctor_label(entry: Any) -> str:
    """How a doctor entry (a parsed file's object or a :class:`Doctor`) is named: its name,
    else its id; "" when neither is usable text."""
    def get(key: str) -> Any:
        return entry.get(key) if isinstance(entry, dict) else getattr(entry, key, None)

    return _usable_label(get("name")) or _usable_label(get("id"))


def name_doctors(problems: list[Problem], doctors: Any) -> list[Problem]:
    """``problems`` with the doctor each one under ``doctors[i]`` is about named (from the
    file's or the project's list of doctors), so a message can say «lege 2 (Ola Hallingset)»."""
    if not isinstance(doctors, list):
        return problems
    out = []
    for problem in problems:
        m = _DOCTOR_PATH.match(problem.path)
        if m and int(m[1]) < len(doctors) and not problem.doctor:
            problem = replace(problem, doctor=doctor_label(doctors[int(m[1])]))
        out.append(problem)
    return out


# the lists whose entries must differ, and by what (project_io's English, messages' _TWICE)
_UNIQUE = {"district.kommuner": ("name", "kommune name"), "district.stations": ("id", "station id"),
           "doctors": ("id", "doctor id"), "templates": ("id", "template id")}


def _duplicate_problems(keys: dict[str, list[Any]]) -> list[Problem]:
    """Each entry whose name or id an earlier entry of the same list has (``keys``: the list's
    path → its entries' names or ids, None for an entry without usable one)."""
    problems: list[Problem] = []
    for path, items in keys.items():
        what = _UNIQUE[path][1]
        counts = Counter(v for v in items if v is not None)
        for i, value in enumerate(items):
            if value is not None and counts[value] > 1 and items.index(value) != i:
                problems.append(Problem(f"{path}[{i}]", f"{what} '{value}' is used twice"))
    return problems


def raw_duplicate_problems(document: dict[str, Any]) -> list[Problem]:
    """The same check as the project's for names and ids used twice, on the file as read: so a
    file with a bad date and a doctor id used twice is told both at once, not the duplicate
    only once the date is fixed. An entry that is not an object, or whose name or id is not
    text, is left out (its own problem is told by the validator)."""
    keys: dict[str, list[Any]] = {}
    for path, (key, _) in _UNIQUE.items():
        where: Any = document
        for part in path.split("."):
            where = where.get(part) if isinstance(where, dict) else None
        if isinstance(where, list):
            keys[path] = [e.get(key) if isinstance(e, dict) and isinstance(e.get(key), str)
                          else None for e in where]
    return _duplicate_problems(keys)


def reference_problems(project: Project, shift_ids: set[str] | None = None) -> list[Problem]:
    """Problems that span fields: unknown or duplicate ids, exemptions by right that the
    doctor has no right to, pre-assigned shifts that do not exist; each doctor's named.
    ``shift_ids``: the ids of the project's shifts, when known already (expanding them takes
    most of the time)."""
    return name_doctors(_reference_problems(project, shift_ids), list(project.doctors))


def _reference_problems(project: Project, known_shift_ids: set[str] | None = None) -> list[Problem]:
    from legevakt_app.shifts import expand_shifts

    kommuner = [k.name for k in project.district.kommuner]
    stations = [s.id for s in project.district.stations]
    problems = _duplicate_problems({
        "district.kommuner": kommuner, "district.stations": stations,
        "doctors": [d.id for d in project.doctors], "templates": [t.id for t in project.templates]})

    centrals = [s for s in project.district.stations if s.kind == "central"]
    if len(centrals) != 1:
        problems.append(
            Problem(
                "district.stations",
                f"there must be exactly one central legevakt (kind 'central'), found {len(centrals)}",
            )
        )
    for i, st in enumerate(project.district.stations):
        if st.kommune not in kommuner:
            problems.append(
                Problem(f"district.stations[{i}].kommune", f"unknown kommune '{st.kommune}'")
            )
    template_ids = {t.id for t in project.templates}
    for i, t in enumerate(project.templates):
        if t.station not in stations:
            problems.append(Problem(f"templates[{i}].station", f"unknown station '{t.station}'"))
    for i, doc in enumerate(project.doctors):
        if doc.kommune not in kommuner:
            problems.append(Problem(f"doctors[{i}].kommune", f"unknown kommune '{doc.kommune}'"))
        for j, ex in enumerate(doc.exemptions):
            if ex.category == "over_55":
                age = ex.end.year - doc.birth_year
                if age < 55:
                    problems.append(
                        Problem(
                            f"doctors[{i}].exemptions[{j}].category",
                            f"fritak 'over 55' but born {doc.birth_year} "
                            f"(turns {age} in {ex.end.year})",
                        )
                    )
        for j, wish in enumerate(doc.wishes):
            if wish.template is not None and wish.template not in template_ids:
                problems.append(
                    Problem(
                        f"doctors[{i}].wishes[{j}].template", f"unknown template '{wish.template}'"
                    )
                )
    if problems:
        return problems  # shift ids below depend on the parts above being sound

    shift_ids = ({s.id for s in expand_shifts(project)} if known_shift_ids is None
                 else known_shift_ids)
    doctor_ids = {d.id for d in project.doctors}

    def no_shift(shift_id: str) -> str:
        """Why there is no such shift: a template that does not run that day says so."""
        template, _, day_text = shift_id.rpartition("@")
        names = {t.id: t.name for t in project.templates}
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            day = None
        if template in names and day is not None and project.period.start <= day <= project.period.end:
            return f"no shift '{shift_id}': '{names[template]}' does not run on {day.isoformat()}"
        return f"no shift '{shift_id}' in the period"

    for i, doc in enumerate(project.doctors):
        for j, pre in enumerate(doc.pre_assigned):
            if pre.shift_id not in shift_ids:
                problems.append(
                    Problem(
                        f"doctors[{i}].pre_assigned[{j}].shift_id",
                        no_shift(pre.shift_id),
                    )
                )
    seen: set[tuple[str, str, str]] = set()
    for j, a in enumerate(project.rota):
        key = (a.shift_id, a.role, a.doctor_id)
        if key in seen:
            problems.append(
                Problem(f"rota[{j}]", f"'{a.doctor_id}' is on '{a.shift_id}' ({a.role}) twice")
            )
        seen.add(key)
        if a.doctor_id not in doctor_ids:
            problems.append(Problem(f"rota[{j}].doctor_id", f"unknown doctor '{a.doctor_id}'"))
        if a.shift_id not in shift_ids:
            problems.append(Problem(f"rota[{j}].shift_id", no_shift(a.shift_id)))
    for k, snap in enumerate(project.snapshots):
        # A snapshot is history: a doctor who has since left is fine if the snapshot kept the
        # name it announced. Its shifts are not checked either (the period may have moved).
        for j, a in enumerate(snap.assignments):
            if a.doctor_id not in doctor_ids and a.doctor_id not in snap.doctor_names:
                problems.append(
                    Problem(
                        f"snapshots[{k}].assignments[{j}].doctor_id",
                        f"unknown doctor '{a.doctor_id}' (neither in doctors nor in the "
                        "snapshot's doctor_names)",
                    )
                )
    return problems


def unencodable_text(document: Any, loc: tuple[Any, ...] = ()) -> list[Problem]:
    """Texts (keys or values) that are not valid Unicode: JSON may carry a lone UTF-16
    surrogate such as ``"\\ud800"``, which no file or screen can show."""
    if isinstance(document, str):
        try:
            document.encode("utf-8")
        except UnicodeEncodeError as err:
            bad = document[err.start]
            return [Problem(format_path(loc), f"the text has an invalid character "
                                              f"(U+{ord(bad):04X}, half of a UTF-16 pair)")]
        return []
    if isinstance(document, dict):
        out = []
        for key, value in document.items():
            out += unencodable_text(key, (*loc, "<key>")) or unencodable_text(value, (*loc, key))
        return out
    if isinstance(document, list):
        return [p for i, item in enumerate(document) for p in unencodable_text(item, (*loc, i))]
    return []


def validate_strictly(document: dict[str, Any]) -> Project:
    """The project in ``document`` (parsed JSON), every value of the type the format says.

    Validated as JSON in pydantic's strict mode: a number must be a JSON number (not ``true``,
    which lax mode reads as 1, nor the text ``"2480"``), a yes/no must be ``true`` or
    ``false``, a text must be a JSON string; a whole number is fine where a decimal is
    expected (2 for 2.0). JSON has no dates, so strict JSON mode reads dates and times from
    their ISO text (``"2027-01-04"``, ``"2027-01-04T08:00:00"``), as the files have them; strict
    Python mode would refuse that text. The models themselves stay lax, so the app's own edits
    (a spin box's number assigned to a field) are not affected.

    Raises ``ValidationError`` (the field problems) or :class:`ProjectError` (the document
    itself: too deep for the validator's parser, or holding a value JSON cannot).
    """
    try:
        text = json.dumps(document, ensure_ascii=False)
    except (TypeError, ValueError):  # a Python object no JSON file can hold (a caller's slip)
        raise ProjectError([Problem("", "the document holds a value that is not JSON")]) from None
    try:
        return Project.model_validate_json(text, strict=True)
    except ValidationError as err:
        if any(item["type"] == "json_invalid" and "recursion limit" in item["msg"]
               for item in err.errors(include_url=False)):
            # The validator's JSON parser stops at 200 levels (json.loads has read the file);
            # nothing in a project is nested that deep, and the re-written text's line and
            # column would point at nothing in the file.
            raise ProjectError([Problem("", "the file is nested too deeply")]) from None
        raise


def project_from_document(document: Any, source: str = "") -> Project:
    """Validate a parsed JSON document; raise :class:`ProjectError` with every problem."""
    if not isinstance(document, dict):
        raise ProjectError(
            [Problem("", "the file is not a Legevakt project (expected a JSON object)")], source
        )
    if document.get("format") == RESULT_FORMAT:
        raise ProjectError([Problem("", "a result file (legevakt-rota/1), not a project file")],
                           source)
    kind = document.get("format")
    if isinstance(kind, str) and kind.startswith("legevakt-rota/") and "schema_version" not in document:
        raise ProjectError([Problem("format", f"unknown result format '{kind}'")], source)
    try:
        bad_text = unencodable_text(document)
        if bad_text:
            raise ProjectError(bad_text, source)
        document = migrate(document)
        project = validate_strictly(document)
    except ProjectError as err:
        raise ProjectError(name_doctors(err.problems, document.get("doctors")), source) from None
    except ValidationError as err:
        problems = _pydantic_problems(err) + raw_duplicate_problems(document)
        problems = name_doctors(problems, document.get("doctors"))
        raise ProjectError(problems, source) from None
    except RecursionError:
        raise ProjectError([Problem("", "the file is nested too deeply")], source) from None
    problems = reference_problems(project)
    if problems:
        raise ProjectError(problems, source)
    return project


def _opening(text: str) -> str:
    """The first words of a file that is not JSON, to recognise it by (at most 30 characters
    of its first line, an invisible control character as «·»)."""
    first = "".join(c if c.isprintable() else "·" for c in text.lstrip().splitlines()[0].strip())
    return first if len(first) <= 30 else first[:30] + "…"


def _json_error(err: json.JSONDecodeError) -> tuple[int, int, str]:
    """Where and what, told apart where the reader's words fit two mistakes: a comma before
    } or ] (at the comma), and a decimal comma (0,5)."""
    before, after = err.doc[:err.pos].rstrip(), err.doc[err.pos:].lstrip()
    if err.msg.startswith(("Expecting property name", "Expecting value")) and before.endswith(","):
        at = len(before) - 1
        line, column = err.doc.count("\n", 0, at) + 1, at - err.doc.rfind("\n", 0, at)
        if after[:1] in ("}", "]"):
            return line, column, "Trailing comma"
        if before[-2:-1].isdigit() and after[:1].isdigit():
            return line, column, "Decimal comma"
    return err.lineno, err.colno, err.msg


@dataclass(frozen=True)
class FileStamp:
    """What a file held when it was read (or last written): the SHA-256 of its bytes, and its
    size; ``digest`` None when there was no file. Two stamps are equal exactly when the
    content is: a file only touched (its time changed, not its bytes) has not changed."""

    digest: str | None
    size: int = field(default=-1, compare=False)  # for a human reading it; the digest decides

    @classmethod
    def of_bytes(cls, raw: bytes) -> FileStamp:
        return cls(hashlib.sha256(raw).hexdigest(), len(raw))

    @property
    def exists(self) -> bool:
        return self.digest is not None


MISSING = FileStamp(None)  # the stamp of a file that does not exist


def file_stamp(path: str | os.PathLike[str]) -> FileStamp:
    """The stamp of what ``path`` holds now (:data:`MISSING` when there is no such file).
    Raises ``OSError`` when it exists but cannot be read."""
    try:
        with open(path, "rb") as fh:
            digest = hashlib.sha256()
            size = 0
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return MISSING
    return FileStamp(digest.hexdigest(), size)


def read_document(path: str | os.PathLike[str]) -> Any:
    """Read and parse JSON, turning every OS and format error into a :class:`ProjectError`."""
    return read_document_stamped(path)[0]


def read_document_stamped(path: str | os.PathLike[str]) -> tuple[Any, FileStamp]:
    """:func:`read_document`, and the :class:`FileStamp` of the very bytes it parsed."""
    p = Path(path)
    source = str(p)
    try:
        if p.is_dir():
            raise ProjectError([Problem("", "is a folder, not a project file")], source)
        if p.exists() and not p.is_file():  # a device (/dev/zero never ends) or a pipe
            raise ProjectError([Problem("", "is not a regular file, not a project file")], source)
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProjectError(
                [
                    Problem(
                        "", f"the file is {size // (1024 * 1024)} MB; a project is at most 50 MB"
                    )
                ],
                source,
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ProjectError([Problem("", "file not found")], source) from None
    except PermissionError:
        raise ProjectError([Problem("", "no permission to read the file")], source) from None
    except OSError as err:
        raise ProjectError(
            [Problem("", f"cannot read the file ({err.strerror})")], source
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ProjectError(
            [Problem("", f"not UTF-8 text (byte {err.start}); is this a Legevakt project file?")],
            source,
        ) from None
    repeated: list[_KeysTwice] = []

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = _object_keeping_twins(pairs)
        if isinstance(obj, _KeysTwice):
            repeated.append(obj)
        return obj

    if not text.strip():
        raise ProjectError([Problem("", "the file is empty")], source)
    try:
        document = json.loads(text, object_pairs_hook=make_object)
    except json.JSONDecodeError as err:
        if err.pos == len(text) - len(text.lstrip()):  # at its first character: no JSON at all
            raise ProjectError([Problem("", f"not JSON; it starts: {_opening(text)}")],
                               source) from None
        line, column, msg = _json_error(err)
        raise ProjectError(
            [Problem("", f"not valid JSON at line {line}, column {column}: {msg}")],
            source,
        ) from None
    except RecursionError:
        raise ProjectError([Problem("", "the file is nested too deeply")], source) from None
    if repeated:  # only then is the document walked for the paths
        doctors = document.get("doctors") if isinstance(document, dict) else None
        raise ProjectError(name_doctors(duplicate_key_problems(document), doctors), source)
    return document, FileStamp.of_bytes(raw)


class _KeysTwice(dict):  # type: ignore[type-arg]
    """A JSON object in which a key stood more than once (json keeps the last value)."""

    twice: dict[str, int]


def _object_keeping_twins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s object hook: the object as json makes it, marked when a key repeats."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _KeysTwice(obj)
    counts = Counter(key for key, _ in pairs)
    marked.twice = {key: n for key, n in counts.items() if n > 1}
    return marked


def duplicate_key_problems(document: Any) -> list[Problem]:
    """Every object in which a key stands more than once, at the object's path.

    JSON leaves a repeated key undefined and Python's json keeps the last value silently: a
    leader who wrote ``"legevakt_share"`` twice would never learn which one counts. Walks the
    document without recursion (a file may be nested as deep as json.loads allows).
    """
    problems: list[Problem] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), document)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _KeysTwice):
                where = "in this object" if loc else "at the top level of the file"
                for key, n in value.twice.items():
                    problems.append(Problem(format_path(loc),
                                            f"the key '{key}' appears {n} times {where}; "
                                            "keep one (which value counts is not clear)"))
            children = [((*loc, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            children = [((*loc, i), item) for i, item in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))  # file order
    return problems


def load_project(path: str | os.PathLike[str]) -> Project:
    return project_from_document(read_document(path), str(path))


def load_project_stamped(path: str | os.PathLike[str]) -> tuple[Project, FileStamp]:
    """The project at ``path`` and the :class:`FileStamp` of what was read: hand the stamp to
    :func:`save_project` (``expected=``) so the save cannot overwrite a change made to the
    file since."""
    document, stamp = read_document_stamped(path)
    return project_from_document(document, str(path)), stamp


def dumps_project(project: Project) -> str:
    """The canonical file text: sorted by the model's field order, 2-space indent, UTF-8."""
    document = project.model_dump(mode="json")
    if document.get("solved") is None:
        document.pop("solved", None)  # a project never solved reads as it always did
    if not document.get("calendars"):
        document.pop("calendars", None)  # nor one whose calendars were never exported
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Saved:
    """What a save did: the stamp of what the file holds now; where the previous version was
    kept (None when there was none, ``backup`` was off, or it could not be kept); and why it
    is not in ``<name>.bak`` (Norwegian, for the message), when it is elsewhere or lost."""

    stamp: FileStamp
    backup: Path | None = None
    backup_problem: str | None = None


def atomic_write_text(
    path: str | os.PathLike[str], text: str, backup: bool = True, private: bool = True,
    expected: FileStamp | None = None,
) -> Saved:
    """Write ``text`` (UTF-8, ``\n`` line ends) with :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"), backup=backup, private=private,
                              expected=expected)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, backup: bool = True, private: bool = True,
    expected: FileStamp | None = None,
) -> Saved:
    """Write ``data`` so that a crash leaves either the old or the new file, never a mix, and
    a failure (disk full, no permission, a locked file) changes nothing at all.

    The new content is written to a temporary file in the same folder and fsynced; with
    ``backup`` the previous file is kept aside (a hard link, or a fsynced copy where links
    are not possible); only then is the new file renamed over the old one, and after that the
    kept previous version becomes ``<name>.bak`` (where that cannot be replaced — a folder of
    that name, say — ``<name>.<time>.bak``; :class:`Saved` says where it went, or why it could
    not be kept). So a save that fails leaves both the file and its older ``.bak`` as they
    were, and no temporary file behind. A target that exists but is not a regular file (a
    folder, a device, a named pipe) or is marked read-only is refused before anything is
    written. A symbolic link is written through: the file it points to gets the new content
    (and its ``.bak`` beside it); the link stays a link.

    With ``expected`` (a :class:`FileStamp` from :func:`load_project_stamped` or
    :func:`file_stamp`), the file must still hold what the stamp says, checked just before it
    is replaced: else :class:`legevakt_app.file_errors.FileChanged` is raised and nothing is
    written (a change made in the meantime by another program is never overwritten).

    A new file is readable by its owner only when ``private`` (it holds personal data; else
    the usual permissions); an existing file keeps its permissions. A crash may leave a stray
    ``.<name>.*.tmp`` beside it, never a broken ``<name>``
    (tests/reliability/test_kill_during_save.py); the next successful save removes such
    leftovers once they are older than :data:`STALE_TEMP_SECONDS`.

    Raises :class:`legevakt_app.file_errors.WriteFailed` (an ``OSError`` naming ``path`` with
    the reason in Norwegian).
    """
    from legevakt_app.file_errors import FileChanged, check_writable, write_failed

    named = Path(path)  # what the leader chose: every message names it
    check_writable(named, folder_access=False)
    target = Path(os.path.realpath(named)) if os.path.islink(named) else named
    folder = target.parent if str(target.parent) else Path(".")
    tmp: str | None = None
    kept: str | None = None
    kept_at: Path | None = None
    problem: str | None = None
    try:
        fd, tmp = _new_temp_file(folder, target.name, ".tmp", 0o600 if private else 0o666)
        try:
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        except OSError:
            pass  # no previous file: keep the new file's mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with _writers_in_turn(target if expected is not None else None):
            if expected is not None:
                now = file_stamp(target)
                if now != expected:
                    raise FileChanged(named, gone=not now.exists)
            if backup and target.exists():
                kept = _keep_previous(target, folder)
            os.replace(tmp, target)
            tmp = None
        if kept is not None:
            kept_at, problem = _place_backup(kept, target)
            if kept_at is not None:
                kept = None
    except OSError as err:
        raise write_failed(named, err) from None
    finally:
        for leftover in (tmp, kept):
            if leftover is not None:
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
    _fsync_dir(folder)
    remove_stale_temp_files(target)
    return Saved(FileStamp.of_bytes(data), kept_at, problem)


@contextmanager
def _writers_in_turn(target: Path | None) -> Iterator[None]:
    """Hold an advisory lock on the file about to be replaced while it is checked and replaced,
    so that two Legevakt saves of it (two commands, two windows) run one after the other:
    the second then sees the first one's content and is refused, rather than both passing
    the check at the same moment. Where locks are not to be had (Windows, some network
    shares) the check alone stands."""
    fd = None
    if target is not None:
        try:
            import fcntl

            fd = os.open(target, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _place_backup(kept: str, target: Path) -> tuple[Path | None, str | None]:
    """Move the kept previous version to ``<name>.bak``; where that cannot be replaced, to a
    new ``<name>.<time>.bak``. Returns (where it is, or None; why not ``.bak``, Norwegian)."""
    from legevakt_app.file_errors import os_reason

    bak = target.with_name(target.name + ".bak")
    try:
        if bak.is_dir() and not bak.is_symlink():  # os.replace would say EISDIR; say it plainly
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(bak))
        os.replace(kept, bak)
        return bak, None
    except OSError as err:
        why = ("er en mappe" if isinstance(err, IsADirectoryError)
               else os_reason(err))
        problem = f"{bak.name} kan ikke erstattes ({why})"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        other = target.with_name(f"{target.name}.{stamp}{'' if n == 1 else f'-{n}'}.bak")
        try:
            os.link(kept, other)  # never over an existing file
        except FileExistsError:
            continue
        except OSError:
            if other.exists():
                continue
            try:  # a file system without hard links
                os.rename(kept, other)
            except OSError as err:
                return None, f"{problem}; heller ikke {other.name} ({os_reason(err)})"
            return other, problem
        try:
            os.unlink(kept)
        except OSError:
            pass
        return other, problem
    return None, problem


def _new_temp_file(folder: Path, name: str, suffix: str, mode: int) -> tuple[int, str]:
    """A new ``.<name>.<random><suffix>`` in ``folder``, opened for writing: (fd, path)."""
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = str(folder / f".{name}.{secrets.token_hex(4)}{suffix}")
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:
            continue


def _keep_previous(target: Path, folder: Path) -> str:
    """The current ``target`` kept under a temporary name (to become its ``.bak``): a hard
    link, which needs no room on the disk, or a fsynced copy."""
    fd, kept = _new_temp_file(folder, target.name, ".bak.tmp", 0o600)
    os.close(fd)
    os.unlink(kept)
    try:
        os.link(target, kept)
        return kept
    except OSError:
        pass  # a file system without hard links (FAT, some network shares)
    try:
        shutil.copy2(target, kept)
        _fsync_file(kept)
    except BaseException:
        if os.path.exists(kept):
            os.unlink(kept)
        raise
    return kept


STALE_TEMP_SECONDS = 60.0  # a save takes milliseconds: an older temp file is a dead save's


def remove_stale_temp_files(target: Path) -> list[Path]:
    """Delete the ``.<name>.*.tmp`` files an interrupted save of ``target`` left behind (only
    those older than :data:`STALE_TEMP_SECONDS`, so a save running in parallel keeps its own).
    Returns what was removed; a file that cannot be removed is left alone."""
    folder = target.parent if str(target.parent) else Path(".")
    removed = []
    now = time.time()
    for stray in folder.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            if now - stray.stat().st_mtime > STALE_TEMP_SECONDS:
                stray.unlink()
                removed.append(stray)
        except OSError:
            continue
    return removed


def _fsync_file(path: str) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_project(project: Project, path: str | os.PathLike[str], backup: bool = True,
                 expected: FileStamp | None = None) -> Saved:
    """Write ``project`` to ``path`` (:func:`atomic_write_bytes`); with ``expected`` only
    when the file still holds what was read (else :class:`~legevakt_app.file_errors.FileChanged`)."""
    return atomic_write_text(path, dumps_project(project), backup=backup, expected=expected)
