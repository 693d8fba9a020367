"""Import doctors and absences from the leader's own spreadsheets (.xlsx or .csv).

Two steps, so nothing changes until the leader has seen the result:

1. ``preview = preview_import(path, project)`` reads the file and checks every row; it
   returns what would be imported (``preview.rows``) and *every* problem at once
   (``preview.problems``: spreadsheet row number, column, message in Norwegian).
2. ``new_project = apply_import(project, preview)`` returns a new :class:`Project`
   (the old one is untouched); it refuses a preview that has problems.

The column layout is documented in ``resources/templates/README.md`` (template files next to
it). Headers are matched without regard to case, spaces or underscores. Dates may be
``dd.mm.yyyy`` (also ``d.m.yy``), ``yyyy-mm-dd`` or real spreadsheet dates; numbers may have
decimal commas (``0,5``) or a percent sign (``80 %``).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from legevakt_app.domain import (
    FULL_PRACTICE_HOURS,
    MAX_YEAR,
    MIN_YEAR,
    Absence,
    CompetenceFacts,
    Doctor,
    Project,
    practice_following,
)
from legevakt_app.messages import OUTSIDE_PERIOD, outside_period_note
from legevakt_app.rota_edit import mente_du, similar_doctors
from legevakt_app.wording import count, read_number, share_from

ImportKind = Literal["doctors", "absences"]
MAX_IMPORT_BYTES = 20 * 1024 * 1024
FIRST_DATA_ROW = 2  # row 1 holds the headers, as the user sees it in Excel


@dataclass(frozen=True)
class ImportColumn:
    name: str  # as written in the template
    required: bool
    help: str
    aliases: tuple[str, ...] = ()


DOCTOR_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("navn", True, "Fullt navn", ("lege", "name")),
    ImportColumn("kommune", True, "Kommunen legen hører til (må finnes i distriktet)"),
    ImportColumn("fødselsår", True, "Fire sifre, f.eks. 1975", ("fodselsar", "født", "birth_year")),
    ImportColumn("type", False, "fastlege, kommunalt ansatt, vikar, LIS1 eller ALIS (standard: fastlege)", ("legetype", "kind")),
    ImportColumn("id", False, "Valgfri kort id (bokstaver, tall, - _ .); lages av navnet ellers"),
    ImportColumn("stillingsandel", False, "Stillingsbrøk, f.eks. 1 eller 0,8 eller 80 % (standard 1)", ("stillingsbrøk", "position_share")),
    ImportColumn("vaktandel", False, "0 = ingen vakt, 1 = full andel, over 1 = frivillig ekstra (standard 1)", ("legevakt_share",)),
    ImportColumn("praksistimer per uke", False, "Timer i egen praksis per uke (standard 49)", ("praksistimer",)),
    ImportColumn("spesialist allmennmedisin", False, "ja/nei", ("spesialist",)),
    ImportColumn("kliniske måneder", False, "Måneder klinisk tjeneste etter autorisasjon", ("kliniske mnd",)),
    ImportColumn("legevakter", False, "Antall legevakter gjort", ("legevakter gjort",)),
    ImportColumn("år som allmennlege", False, "År som allmennlege i kommunen, f.eks. 1,5", ("år allmennlege",)),
    ImportColumn("lis1 fullført", False, "ja/nei", ("lis1",)),
    ImportColumn("kurs", False, "ja/nei: kurs i akuttmedisin og volds- og overgrepshåndtering (standard ja)", ("kurs fullført",)),
)  # fmt: skip

ABSENCE_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("lege", True, "Legens navn eller id, slik det står i prosjektet", ("navn", "doctor")),
    ImportColumn("fra", True, "Første fraværsdag (dd.mm.åååå)", ("fra og med", "start")),
    ImportColumn("til", True, "Siste fraværsdag (dd.mm.åååå), samme eller senere enn fra", ("til og med", "slutt", "end")),
    ImportColumn("type", False, "ferie, kurs, permisjon eller annet (standard ferie)", ("fraværstype", "kind")),
)  # fmt: skip

DOCTOR_KINDS = {
    "fastlege": "fastlege",
    "kommunalt ansatt": "kommunalt_ansatt",
    "kommunalt_ansatt": "kommunalt_ansatt",
    "kommunaltansatt": "kommunalt_ansatt",
    "ansatt": "kommunalt_ansatt",
    "vikar": "vikar",
    "lis1": "lis1",
    "lis 1": "lis1",
    "alis": "alis",
    "turnuslege": "lis1",  # LIS1's name before 2017
}
ABSENCE_KINDS = {"ferie": "ferie", "kurs": "kurs", "permisjon": "permisjon", "annet": "annet",
                 # the words a ferie list uses; only the kind is kept, never why
                 "sommerferie": "ferie", "vinterferie": "ferie", "høstferie": "ferie",
                 "juleferie": "ferie", "påskeferie": "ferie", "avspasering": "annet",
                 "fri": "annet", "utdanning": "kurs", "kongress": "kurs", "konferanse": "kurs",
                 # illness as the leader writes it: kept as «annet», the reason is not stored
                 "sykdom": "annet", "syk": "annet", "sykemelding": "annet",
                 "sykmelding": "annet", "sykefravær": "annet", "egenmelding": "annet"}
TRUE_WORDS = {"ja", "j", "x", "yes", "y", "true", "sann", "1"}
FALSE_WORDS = {"nei", "n", "no", "false", "usann", "0"}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in the file: ``row`` as numbered in the spreadsheet (1 = headers;
    0 = the file as a whole), ``column`` as headed in the file ("" = the whole row)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolonne «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class PreviewRow:
    """One row that would be imported: what happens (``action``) and a short description."""

    row: int
    action: str  # "ny lege" | "oppdaterer lege" | "nytt fravær"
    text: str
    payload: Any = field(repr=False, compare=False, default=None)


@dataclass(frozen=True)
class ImportPreview:
    kind: ImportKind
    source: str
    rows: tuple[PreviewRow, ...]
    problems: tuple[ImportProblem, ...]
    fingerprint: str = ""  # which project version the preview was made against
    # absences: the file is the whole list of its kinds for the doctors in it, in the period
    # (what is saved and not in the file goes; see preview_absences)
    replace: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} feil i filen; ingenting importeres før de er rettet"
        new = len(self.changes)
        if not new:
            return "Alt i filen finnes alt i prosjektet; ingenting å importere"
        known = len(self.rows) - new
        removed = sum(1 for r in self.rows if r.action == REMOVED)
        new -= removed
        gone = f"{removed} fravær fjernes" if removed else ""
        if not new:
            return gone + (f" ({known} finnes alt)" if known else "")
        what = count(new, "lege", "leger") if self.kind == "doctors" else f"{new} fravær"
        # «1 lege klar», «1 fravær klart» (fravær is neuter), «3 … klare»
        ready = "klare" if new > 1 else "klar" if self.kind == "doctors" else "klart"
        return (f"{what} {ready} til import" + (f", {gone}" if gone else "")
                + (f" ({known} finnes alt)" if known else ""))

    @property
    def changes(self) -> list[PreviewRow]:
        """The rows that would change the project (not those already in it)."""
        return [r for r in self.rows if r.action != "finnes alt"]


class ImportRejected(Exception):
    """``apply_import`` was given a preview with problems, or one made for another project."""


# ---------------------------------------------------------------- reading the file


def _norm(text: str) -> str:
    """Header matching: lower case, no accents on æøå kept apart, spaces/underscores merged."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    return re.sub(r"[\s_]+", " ", text)


def _fold(text: str) -> str:
    """Also match headers typed without æøå (fodselsar)."""
    return _norm(text).replace("æ", "ae").replace("ø", "o").replace("å", "a")


def read_table(path: str | os.PathLike[str]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows (as cell values, '' for empty) of the first sheet or the CSV file.

    Raises :class:`ImportRejected` for a file that cannot be read at all.
    """
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise ImportRejected(f"{p}: filen finnes ikke")
    if not p.is_file():
        raise ImportRejected(f"{p}: er ikke en fil")
    if p.stat().st_size > MAX_IMPORT_BYTES:
        raise ImportRejected(f"{p}: filen er for stor (over 20 MB)")
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            frame = pd.read_excel(p, sheet_name=0, header=None, dtype=object, engine="calamine")
        elif suffix in (".csv", ".txt"):
            frame = _read_csv(p)
        else:
            raise ImportRejected(f"{p}: ukjent filtype «{p.suffix}» (bruk .xlsx eller .csv)")
    except ImportRejected:
        raise
    except OSError as err:
        from legevakt_app.file_errors import os_reason

        raise ImportRejected(f"{p}: kan ikke lese filen ({os_reason(err, reading=True)})") from None
    except Exception:  # noqa: BLE001 - any reader failure is a bad file for the user
        what = ("ikke en Excel-fil som kan leses (lagre den på nytt som .xlsx, eller som .csv)"
                if suffix in (".xlsx", ".xlsm", ".xls", ".ods")
                else "ikke en CSV-fil som kan leses (én rad per linje, kolonner skilt med ; eller ,)")
        raise ImportRejected(f"{p}: kan ikke lese filen: {what}") from None
    values = frame.astype(object).where(frame.notna(), "").values.tolist()
    if suffix in (".xlsx", ".xlsm"):
        for r, c in _unsaved_formula_cells(p):  # rows of nothing else are read as no rows
            values += [[] for _ in range(r + 1 - len(values))]
            values[r] += [""] * (c + 1 - len(values[r]))
            if values[r][c] == "":
                values[r][c] = UNSAVED_FORMULA
    if not any(str(v).strip() for row in values for v in row):
        raise ImportRejected(f"{p}: filen er tom")
    first = _header_row(values)
    # a title above the headers («Legeliste 2027»): the headers first, then the title's rows
    # as empty ones, so every data row keeps the number Excel shows
    values = [values[first], *([] for _ in range(first)), *values[first + 1:]]
    headers = [str(h).strip() for h in values[0]]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise ImportRejected(
            f"{p}: rad 1 er tom; overskriftene (navn, kommune, …) skal stå i rad 1"
        )
    return headers, values[1:]


HEADER_SEARCH_ROWS = 10  # a title above the headers may take this many rows


def _header_row(values: list[list[Any]]) -> int:
    """The index of the row that holds the headers: the first of the first rows where two or
    more cells are column names (of either list); 0 (row 1) when none is."""
    names = {_fold(n) for c in (*DOCTOR_COLUMNS, *ABSENCE_COLUMNS) for n in (c.name, *c.aliases)}
    for i, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        if sum(1 for v in row if _fold(str(v)) in names) >= 2:
            return i
    return 0


class _UnsavedFormula:
    """A cell that holds a formula but no saved value: empty to read, but not to report."""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "UNSAVED_FORMULA"


UNSAVED_FORMULA = _UnsavedFormula()
UNSAVED_FORMULA_MESSAGE = ("cellen har en formel uten lagret verdi: åpne filen i Excel og lagre "
                           "den, eller skriv inn verdien")


def _unsaved_formula_cells(path: Path) -> set[tuple[int, int]]:
    """(row, column), from 0, of the first sheet's cells that hold a formula but no saved
    value: a workbook written by a program and never opened and saved in a spreadsheet (the
    reader sees such a cell as empty). A formula whose saved value is an empty text is not one.
    Nothing (an empty set) when the workbook cannot be looked into this way."""
    import zipfile
    from xml.etree import ElementTree

    from openpyxl.utils import column_index_from_string

    def local(tag: str) -> str:
        return tag.rpartition("}")[2]

    out: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(path) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            first = next((e for e in workbook.iter() if local(e.tag) == "sheet"), None)
            rel_id = next((v for k, v in (first.attrib if first is not None else {}).items()
                           if local(k) == "id"), None)
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
            target = next((e.get("Target", "") for e in rels if e.get("Id") == rel_id), "")
            if not target:
                return out
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            with book.open(part) as sheet:
                for _event, element in ElementTree.iterparse(sheet):
                    if local(element.tag) != "c":
                        continue
                    children = {local(child.tag): child for child in element}
                    value = children.get("v")
                    saved = value is not None and (value.text or element.get("t") == "str")
                    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", element.get("r", ""))
                    if "f" in children and not saved and m:
                        out.add((int(m[2]) - 1, column_index_from_string(m[1]) - 1))
                    element.clear()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return set()
    return out


def _blank(value: Any) -> bool:
    """An empty cell (one with a formula but no saved value is not: it is reported)."""
    return _text(value) == "" and value is not UNSAVED_FORMULA


def _read_csv(path: Path):  # -> pandas.DataFrame
    import pandas as pd

    raw = path.read_bytes()
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")  # Excel's «Unicode-tekst» (.txt, tab-separated)
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ImportRejected(f"{path}: kan ikke lese filen (ødelagt UTF-16-tekst)") from None
        try:
            text = raw.decode("cp1252")  # what Excel on Windows writes for "CSV (semikolon)"
        except UnicodeDecodeError:
            raise ImportRejected(
                f"{path}: kan ikke lese filen (ikke tekst i UTF-8 eller Windows-1252)"
            ) from None
    if not text.strip():
        raise ImportRejected(f"{path}: filen er tom")
    first_line = text.splitlines()[0]
    # Norwegian Excel writes ';' (the comma is the decimal sign); accept ',' and tab too.
    sep = max((";", ",", "\t"), key=first_line.count)
    # The csv module, not pandas.read_csv: a row with more fields than the header row (a
    # stray ';') must become a row-level problem, not a failure of the whole file.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def _match_columns(
    headers: list[str], layout: tuple[ImportColumn, ...], problems: list[ImportProblem]
) -> dict[str, int]:
    """Column name (template name) → index in the file; wrong/missing columns reported."""
    lookup: dict[str, str] = {}
    for col in layout:
        for alias in (col.name, *col.aliases):
            lookup[_fold(alias)] = col.name
    found: dict[str, int] = {}
    expected = ", ".join(f"«{c.name}»" for c in layout)
    for i, header in enumerate(headers):
        if header == "":
            continue
        name = lookup.get(_fold(header))
        if name is None:
            problems.append(ImportProblem(1, header, f"ukjent kolonne; kolonnene er {expected}"))
        elif name in found:
            problems.append(ImportProblem(1, header, f"kolonnen «{name}» står to ganger"))
        else:
            found[name] = i
    for col in layout:
        if col.required and col.name not in found:
            problems.append(ImportProblem(1, col.name, "kolonnen mangler (den må være med)"))
    return found


# ---------------------------------------------------------------- parsing cells


class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None or value is UNSAVED_FORMULA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(value: Any) -> float:
    """``0,5`` / ``0.5`` / ``80 %`` / ``1 234,5`` → float (:func:`legevakt_app.wording.read_number`)."""
    if isinstance(value, bool):
        raise CellError("er ikke et tall")
    if isinstance(value, int | float):
        return float(value)
    try:
        return read_number(_text(value), percent=True)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def parse_int(value: Any) -> int:
    try:
        number = parse_number(value)
    except CellError:
        raise CellError(f"«{_text(value)}» er ikke et helt tall") from None
    if not number.is_integer():
        raise CellError(f"«{_text(value)}» er ikke et helt tall")
    return int(number)


_DATE_RE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_year(value: Any) -> int:
    """A birth year: ``1975``, or a whole birth date (a spreadsheet date, ``12.05.1975``),
    of which the year is taken (the rota needs no more)."""
    if isinstance(value, date) or hasattr(value, "to_pydatetime"):
        return _date(value).year
    text = _text(value)
    if _DATE_RE.match(text) or _ISO_RE.match(text):
        return _date(text).year
    return parse_int(value)


def parse_share(value: Any) -> float:
    """A stillingsandel or vaktandel: ``0,8``, ``80 %``, or ``80`` written without the sign
    (from 10 up a share can only be a percentage: 80 → 0,8), read as the Leger table reads
    it (:func:`legevakt_app.wording.share_from`)."""
    return share_from(parse_number(value), _text(value))


def parse_date(value: Any) -> date:
    """``dd.mm.yyyy``, ``d.m.yy``, ``yyyy-mm-dd`` or a spreadsheet date, in the years a
    project may hold (:data:`legevakt_app.domain.MIN_YEAR`–``MAX_YEAR``)."""
    day = _date(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CellError(f"«{day:%d.%m.%Y}»: året {day.year} er utenfor {MIN_YEAR}–{MAX_YEAR}; "
                        "skriv en virkelig dato")
    return day


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    text = _text(value)
    try:
        if m := _DATE_RE.match(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if year < 100:
                year += 2000
            return date(year, month, day)
        if m := _ISO_RE.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellError(f"«{text}» er ingen gyldig dato") from None
    raise CellError(f"«{text}» er ikke en dato (bruk dd.mm.åååå, f.eks. 24.12.2027)")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _norm(_text(value))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"«{_text(value)}»: skriv ja eller nei")


# æ, ø, å (and Æ, Ø, Å, é) written as UTF-8 and read as Windows-1252: «Ã¸», «Ã˜», «Ã¥» …
_GARBLED = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                      "\u0192\u02c6\u02dc\u2013-\u2122]")


def _garbled_cells(row: int, values: list[Any], headers: list[str]) -> list[ImportProblem]:
    """Text whose æøå came out as «Ã¸»: a file saved in two encodings (part UTF-8, part
    Windows-1252) would import names like «Ã˜ystein Ã…sheim»."""
    return [
        ImportProblem(row, headers[i] if i < len(headers) else "",
                      f"«{_text(v)}» ser ut som feil tegnkoding (æøå lagret på to måter); "
                      "lagre filen på nytt som «CSV UTF-8» eller .xlsx og prøv igjen")
        for i, v in enumerate(values) if isinstance(v, str) and _GARBLED.search(v)
    ]


def _headerless_cells(row: int, values: list[Any], headers: list[str]) -> list[ImportProblem]:
    """Values in a column without a header: reported, not silently dropped."""
    from openpyxl.utils import get_column_letter

    return [
        ImportProblem(
            row, get_column_letter(i + 1), f"«{_text(v)}» står i en kolonne uten overskrift"
        )
        for i, v in enumerate(values)
        if _text(v) != "" and (i >= len(headers) or headers[i] == "")
    ]


class _RowReader:
    """Cells of one data row by template column name, and the row's problems."""

    def __init__(
        self, row: int, values: list[Any], columns: dict[str, int], header_of: dict[str, str]
    ) -> None:
        self.row = row
        self.values = values
        self.columns = columns
        self.header_of = header_of
        self.problems: list[ImportProblem] = []
        for name in columns:  # an optional column's too: it must not become the default
            if self.cell(name) is UNSAVED_FORMULA:
                self.bad(name, UNSAVED_FORMULA_MESSAGE)

    def cell(self, name: str) -> Any:
        i = self.columns.get(name)
        return "" if i is None or i >= len(self.values) else self.values[i]

    def bad(self, name: str, message: str) -> None:
        problem = ImportProblem(self.row, self.header_of.get(name, name), message)
        if self.cell(name) is UNSAVED_FORMULA:  # said once, as the formula it is (not «mangler»)
            problem = ImportProblem(problem.row, problem.column, UNSAVED_FORMULA_MESSAGE)
            if problem in self.problems:
                return
        self.problems.append(problem)

    def get(self, name: str, parse: Any, default: Any) -> Any:
        """The parsed cell, or ``default`` when empty or bad (bad: a problem is noted)."""
        raw = self.cell(name)
        if _text(raw) == "":
            return default
        try:
            return parse(raw)
        except CellError as err:
            self.bad(name, str(err))
            return default


def _slug(text: str) -> str:
    text = _fold(text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "lege"


def _doctors_by_name(project: Project) -> dict[str, list[Doctor]]:
    """The project's doctors by name as the import matches it; two doctors may share a name."""
    out: dict[str, list[Doctor]] = {}
    for doctor in project.doctors:
        out.setdefault(_norm(doctor.name), []).append(doctor)
    return out


def _ids_or(doctors: list[Doctor], word: str = " eller ") -> str:
    """``«lege01» eller «lege02»``: the ids of the doctors a name could mean."""
    ids = [f"«{d.id}»" for d in doctors]
    return ", ".join(ids[:-1]) + word + ids[-1] if len(ids) > 1 else ids[0]


def _shared_name(name: str, namesakes: list[Doctor]) -> str:
    """``2 leger i prosjektet heter «Kari Nordeng» (id «lege01» og «lege02»)``."""
    return f"{len(namesakes)} leger i prosjektet heter «{name}» (id {_ids_or(namesakes, ' og ')})"


def project_fingerprint(project: Project) -> str:
    import hashlib

    return hashlib.sha1(project.model_dump_json().encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- doctors

DOCTOR_FIELD_COLUMNS = {
    "name": "navn",
    "kommune": "kommune",
    "birth_year": "fødselsår",
    "kind": "type",
    "id": "id",
    "position_share": "stillingsandel",
    "legevakt_share": "vaktandel",
    "practice_hours_per_week": "praksistimer per uke",
    "specialist_allmennmedisin": "spesialist allmennmedisin",
    "clinical_months": "kliniske måneder",
    "legevakter_done": "legevakter",
    "years_allmennlege": "år som allmennlege",
    "lis1_completed": "lis1 fullført",
    "courses_done": "kurs",
}


def preview_doctors(path: str | os.PathLike[str], project: Project) -> ImportPreview:
    """Check a doctor list against ``project``. A row whose id or name matches a doctor
    already in the project updates that doctor (keeping absences, fritak, wishes and the
    vaktregnskap); other rows add new doctors."""
    problems: list[ImportProblem] = []
    headers, rows = read_table(path)
    columns = _match_columns(headers, DOCTOR_COLUMNS, problems)
    header_of = {name: headers[i] for name, i in columns.items()}
    # «Sørvang», «Sørvang kommune» and «Sorvang» are the same kommune
    kommuner = {_fold(k.name): k.name for k in project.district.kommuner}
    by_id = {d.id: d for d in project.doctors}
    by_name = _doctors_by_name(project)
    seen_names: dict[str, tuple[int, bool]] = {}  # name → (first row, whether it gave an id)
    seen_ids: dict[str, int] = {}
    used_ids = set(by_id)
    out: list[PreviewRow] = []
    if any(p.row == 1 and "mangler" in p.message for p in problems):
        return ImportPreview("doctors", str(path), (), tuple(problems))

    for offset, values in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        if all(_blank(v) for v in values):
            continue
        reader = _RowReader(row, values, columns, header_of)
        row_problems, cell, bad, get = reader.problems, reader.cell, reader.bad, reader.get
        row_problems += _headerless_cells(row, values, headers) + _garbled_cells(row, values, headers)

        name = _text(cell("navn"))
        if not name:
            bad("navn", "navnet mangler")
        kommune_raw = _text(cell("kommune"))
        kommune = kommuner.get(_fold(re.sub(r"\s+kommune$", "", kommune_raw, flags=re.I)))
        if kommune_raw and kommune is None:
            known = ", ".join(k.name for k in project.district.kommuner)
            bad("kommune", f"ukjent kommune «{kommune_raw}» (distriktet har: {known})")
        birth_year = get("fødselsår", parse_year, None)
        kind_raw = _text(cell("type"))
        kind = DOCTOR_KINDS.get(_norm(kind_raw), None) if kind_raw else ""
        if kind is None:
            bad("type", f"ukjent legetype «{kind_raw}» (fastlege, kommunalt ansatt, vikar, "
                "LIS1 eller ALIS)")  # fmt: skip

        existing = None
        doctor_id = _text(cell("id"))
        given_id = bool(doctor_id)
        namesakes = by_name.get(_norm(name), []) if name else []
        if doctor_id:
            existing = by_id.get(doctor_id)
        elif len(namesakes) > 1:
            where = "i kolonnen «id»" if "id" in columns else "i en kolonne «id»"
            bad("navn", f"{_shared_name(name, namesakes)}; skriv id-en til den som skal "
                f"oppdateres {where}")  # fmt: skip
        elif namesakes:
            existing = namesakes[0]
            doctor_id = existing.id
        if name:
            key = _norm(name)
            if key in seen_names and not (given_id and seen_names[key][1]):
                # two rows may share a name only when each says by its id which doctor it is
                bad("navn", f"legen «{name}» står også i rad {seen_names[key][0]}")
            else:
                seen_names.setdefault(key, (row, given_id))
        if existing is not None:
            # an empty kommune or fødselsår keeps the saved one, as every other empty cell
            kommune = kommune or (existing.kommune if not kommune_raw else None)
            if birth_year is None and _text(cell("fødselsår")) == "":
                birth_year = existing.birth_year
        if not kommune_raw and existing is None:
            bad("kommune", "kommunen mangler")
        if birth_year is None and _text(cell("fødselsår")) == "":
            bad("fødselsår", "fødselsåret mangler")
        if doctor_id:
            if doctor_id in seen_ids and given_id:  # (a name given twice is said above)
                bad("id", f"id «{doctor_id}» står også i rad {seen_ids[doctor_id]}")
            else:
                seen_ids[doctor_id] = row
            if existing is None and namesakes:
                bad("navn", f"«{name}» finnes alt i prosjektet med id "
                    f"{_ids_or(namesakes, ' og ')}")  # fmt: skip
        if existing is None and name and not doctor_id:
            base = _slug(name)
            doctor_id, n = base, 2
            while doctor_id in used_ids:
                doctor_id, n = f"{base}-{n}", n + 1
        used_ids.add(doctor_id)

        base_doc = existing.model_dump() if existing else {}
        position = get("stillingsandel", parse_share, base_doc.get("position_share", 1.0))
        practice = get("praksistimer per uke", parse_number, None)
        if practice is None:
            # without the column the practice hours follow the stilling, as in the Leger table
            before = base_doc.get("practice_hours_per_week", FULL_PRACTICE_HOURS)
            follows = practice_following(before, base_doc.get("position_share", 1.0), position)
            practice = before if follows is None else follows
        facts = dict(base_doc.get("competence", CompetenceFacts().model_dump()))
        for field_name, column in (
            ("specialist_allmennmedisin", "spesialist allmennmedisin"),
            ("lis1_completed", "lis1 fullført"),
            ("courses_done", "kurs"),
        ):
            facts[field_name] = get(column, parse_bool, facts[field_name])
        facts["clinical_months"] = get("kliniske måneder", parse_int, facts["clinical_months"])
        facts["legevakter_done"] = get("legevakter", parse_int, facts["legevakter_done"])
        facts["years_allmennlege"] = get(
            "år som allmennlege", parse_number, facts["years_allmennlege"]
        )
        document = {
            **base_doc,
            "id": doctor_id or "x",
            # found by its name (in other case or spacing): the name stays as saved
            "name": existing.name if existing is not None and not given_id else name or "x",
            "kommune": kommune or "x",
            # an empty or missing «type» keeps an existing doctor's type (new: fastlege)
            "kind": kind or base_doc.get("kind", "fastlege"),
            "birth_year": birth_year if birth_year is not None else 1970,
            "position_share": position,
            "legevakt_share": get("vaktandel", parse_share, base_doc.get("legevakt_share", 1.0)),
            "practice_hours_per_week": practice,
            "competence": facts,
        }
        doctor: Doctor | None = None
        try:
            doctor = Doctor.model_validate(document)
        except ValidationError as err:
            for item in err.errors(include_url=False):
                loc = [p for p in item["loc"] if isinstance(p, str)]
                column = DOCTOR_FIELD_COLUMNS.get(loc[-1] if loc else "", "")
                if any(p.column == header_of.get(column, column) for p in row_problems):
                    continue  # already explained
                bad(column, _pydantic_message(item))
        if row_problems:
            problems.extend(row_problems)
            continue
        assert doctor is not None
        if existing is None:
            action = "ny lege"
        elif doctor == existing:
            action = "finnes alt"  # the same in every field: nothing to import
        else:
            action = "oppdaterer lege"
        from legevakt_app.domain import DOCTOR_KIND_LABELS

        text = (
            f"{doctor.name} ({DOCTOR_KIND_LABELS[doctor.kind]}, {doctor.kommune}, "
            f"født {doctor.birth_year})"
        )
        out.append(PreviewRow(row, action, text, doctor))
    if not out and not problems:
        problems.append(ImportProblem(0, "", "filen har ingen leger (bare overskrifter)"))
    return ImportPreview(
        "doctors", str(path), tuple(out), tuple(problems), project_fingerprint(project)
    )


def _nb(limit: Any) -> str:
    """A limit as a Norwegian reads it: 3, 1,5 (decimal comma, no trailing .0)."""
    if isinstance(limit, float) and limit.is_integer():
        return str(int(limit))
    return str(limit).replace(".", ",")


def _pydantic_message(item: Any) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return f"for lav verdi (minst {_nb(ctx.get('ge', ctx.get('gt')))})"
    if kind in ("less_than_equal", "less_than"):
        return f"for høy verdi (høyst {_nb(ctx.get('le', ctx.get('lt')))})"
    if kind == "string_pattern_mismatch":
        return "bare bokstaver a–z, tall og - _ . er lov i en id"
    from legevakt_app.messages import pydantic_error_message

    return pydantic_error_message(item)  # «kan være høyst 120 tegn», «må være et tall» …


def row_details(preview: ImportPreview, project: Project) -> dict[int, str]:
    """What each doctor row does beyond its name, for the preview (the app's and the command
    line's): an update's changes («endrer fødselsår 1984 → 1970»), a new doctor's stilling
    and vaktandel and whether she needs a bakvakt by the facts given (none given: she does)."""
    if preview.kind != "doctors":
        return {}
    from legevakt_app.competence import derive_competence
    from legevakt_app.domain import DOCTOR_KIND_LABELS
    from legevakt_app.wording import number, share_text

    def shown(name: str, value: Any) -> str:
        if isinstance(value, bool):
            return "ja" if value else "nei"
        if name == "kind":
            return DOCTOR_KIND_LABELS.get(value, value)
        if name in ("position_share", "legevakt_share"):
            return share_text(value)  # as the Leger table shows them: «50 %»
        if isinstance(value, float):
            return number(value)
        return str(value)

    by_id = {d.id: d for d in project.doctors}
    out: dict[int, str] = {}
    for row in preview.rows:
        doctor = row.payload
        if row.action == "ny lege":
            competent = derive_competence(doctor.competence, project.rules.competence_rule)
            out[row.row] = (f"stilling {share_text(doctor.position_share)}, vaktandel "
                            f"{share_text(doctor.legevakt_share)}, praksis "
                            f"{number(doctor.practice_hours_per_week)} t/uke"
                            + ("" if competent.competent else  # the facts, not the rule's name
                               f"; trenger bakvakt ({competent.reason.split(': ', 1)[-1]})"))
            continue
        old = by_id.get(doctor.id) if row.action == "oppdaterer lege" else None
        if old is None:
            continue
        before, after = old.model_dump(), doctor.model_dump()
        changes = []
        for name, column in DOCTOR_FIELD_COLUMNS.items():
            a = before[name] if name in before else before["competence"][name]
            b = after[name] if name in after else after["competence"][name]
            if a != b:
                changes.append(f"{column} {shown(name, a)} → {shown(name, b)}")
        out[row.row] = ("endrer " + ", ".join(changes)) if changes else "ingen endringer"
    return out


# ---------------------------------------------------------------- absences


REMOVED = "fjerner fravær"  # replace mode: a saved absence the file no longer has
CHANGED = "endrer fravær"  # replace mode: a saved absence the file has with other days


def preview_absences(path: str | os.PathLike[str], project: Project,
                     replace: bool = False) -> ImportPreview:
    """Check an absence list (ferie, kurs, …) against the doctors of ``project``.

    ``replace``: the file is the whole list, for the doctors it names, of the kinds it has,
    over the project's period: a saved absence of those it no longer has is removed, and one
    it has with other days (a ferie shortened, or moved) takes the file's days; what lies
    outside the period, and the other doctors' and kinds' absences, stay. Without it an
    import only adds (a longer ferie extends the saved one)."""
    problems: list[ImportProblem] = []
    headers, rows = read_table(path)
    columns = _match_columns(headers, ABSENCE_COLUMNS, problems)
    header_of = {name: headers[i] for name, i in columns.items()}
    if any(p.row == 1 and "mangler" in p.message for p in problems):
        return ImportPreview("absences", str(path), (), tuple(problems))
    by_id = {d.id: d for d in project.doctors}
    by_name = _doctors_by_name(project)
    seen: dict[tuple[str, date, date], int] = {}
    out: list[PreviewRow] = []
    for offset, values in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        if all(_blank(v) for v in values):
            continue
        reader = _RowReader(row, values, columns, header_of)
        row_problems, cell, bad = reader.problems, reader.cell, reader.bad
        row_problems += _headerless_cells(row, values, headers) + _garbled_cells(row, values, headers)

        who = _text(cell("lege"))
        namesakes = by_name.get(_norm(who), [])
        doctor = by_id.get(who) or (namesakes[0] if len(namesakes) == 1 else None)
        if not who:
            bad("lege", "legen mangler")
        elif doctor is None and namesakes:
            bad("lege", f"{_shared_name(who, namesakes)}; skriv id-en ({_ids_or(namesakes)}) "
                "i stedet for navnet")  # fmt: skip
        elif doctor is None:
            # a file names a doctor in full (or by id): a likely one is said, not taken
            likely = similar_doctors(project.doctors, who)
            bad("lege", f"ingen lege «{who}» i prosjektet{mente_du(likely)}"
                + (" Skriv hele navnet eller id-en" if likely else ""))
        dates: dict[str, date] = {}
        for column in ("fra", "til"):
            raw = cell(column)
            if _text(raw) == "":
                bad(column, "datoen mangler")
                continue
            try:
                dates[column] = parse_date(raw)
            except CellError as err:
                bad(column, str(err))
        if len(dates) == 2 and dates["til"] < dates["fra"]:
            bad("til", f"til {dates['til']:%d.%m.%Y} er før fra {dates['fra']:%d.%m.%Y}")
        kind_raw = _text(cell("type"))
        kind = ABSENCE_KINDS.get(_norm(kind_raw).rstrip(".")) if kind_raw else "ferie"
        if kind is None:
            bad("type", f"ukjent fraværstype «{kind_raw}» (ferie, kurs, permisjon eller annet)")
        if row_problems:
            problems.extend(row_problems)
            continue
        assert doctor is not None
        absence = Absence(start=dates["fra"], end=dates["til"], kind=kind)
        text = f"{doctor.name}: {kind} {_span(absence)}"
        key = (doctor.id, dates["fra"], dates["til"])
        if key in seen:  # the same row twice in the file: taken once
            out.append(PreviewRow(row, "finnes alt", f"{text} (samme som rad {seen[key]})",
                                  (doctor.id, absence)))
            continue
        seen[key] = row
        action, text = (_replacing_action(doctor, absence, text, project.period) if replace
                        else _absence_action(doctor, absence, text))
        if outside_period_note(absence, project.period) is not None:
            text += f" ({OUTSIDE_PERIOD})"
        out.append(PreviewRow(row, action, text, (doctor.id, absence)))
    if not out and not problems:
        problems.append(ImportProblem(0, "", "filen har ikke noe fravær (bare overskrifter)"))
    if replace and not problems:
        out += _removed_rows(out, project)
    return ImportPreview(
        "absences", str(path), tuple(out), tuple(problems), project_fingerprint(project),
        replace=replace)


def _replaced(doctor: Doctor, kinds: set[str], period: Any) -> list[Absence]:
    """The doctor's saved absences a replacing import answers for: of ``kinds``, in the
    period (see :func:`preview_absences`)."""
    return [a for a in doctor.unavailable
            if a.kind in kinds and a.start <= period.end and period.start <= a.end]


def _replacing_action(doctor: Doctor, absence: Absence, text: str, period: Any
                      ) -> tuple[str, str]:
    """A file row in replace mode: the same as saved, new days for a saved one of its kind
    it overlaps (a ferie shortened or moved), or a new absence."""
    mine = _replaced(doctor, {absence.kind}, period)
    if absence in mine:
        return "finnes alt", text
    overlap = [a for a in mine if a.start <= absence.end and absence.start <= a.end]
    if overlap:
        return CHANGED, (f"{doctor.name}: {absence.kind} "
                         f"{', '.join(_span(a) for a in overlap)} → {_span(absence)}")
    return "nytt fravær", text


def _removed_rows(rows: list[PreviewRow], project: Project) -> list[PreviewRow]:
    """Replace mode: the saved absences of the file's doctors and kinds, in the period, that
    no row of the file has or overlaps: they go (row 0: no row of the file)."""
    kinds = {r.payload[1].kind for r in rows}
    given: dict[str, list[Absence]] = {}
    for r in rows:
        given.setdefault(r.payload[0], []).append(r.payload[1])
    by_id = {d.id: d for d in project.doctors}
    out = []
    for doctor_id, absences in given.items():
        doctor = by_id[doctor_id]
        for a in _replaced(doctor, kinds, project.period):
            if any(b.kind == a.kind and b.start <= a.end and a.start <= b.end for b in absences):
                continue  # the file has it (or its new days)
            out.append(PreviewRow(0, REMOVED, f"{doctor.name}: {a.kind} {_span(a)} (står ikke "
                                  "i filen)", (doctor_id, a)))
    return out


def _outside(a: Absence, period: Any) -> list[Absence]:
    """The parts of ``a`` before and after the period (a replacing import keeps them)."""
    parts = []
    if a.start < period.start:
        parts.append(Absence(start=a.start, end=period.start - timedelta(days=1), kind=a.kind))
    if a.end > period.end:
        parts.append(Absence(start=period.end + timedelta(days=1), end=a.end, kind=a.kind))
    return parts


def _span(a: Absence) -> str:
    return f"{a.start:%d.%m.%Y}–{a.end:%d.%m.%Y}"


def _absence_action(doctor: Doctor, absence: Absence, text: str) -> tuple[str, str]:
    """What an imported absence does to the doctor's saved ones, and how the preview says
    it: nothing (the same, or inside one of the same kind), a new kind for the same days
    (a corrected list: ferie → kurs), a longer one where it overlaps one of the same kind (an
    edited ferie list imported again: the two become one, see :func:`_merged`), or a new one
    (with a note where it overlaps one of another kind)."""
    same_days = [a for a in doctor.unavailable if (a.start, a.end) == (absence.start, absence.end)]
    if any(a.kind == absence.kind for a in same_days):
        return "finnes alt", text
    if same_days:
        return "endrer type", f"{doctor.name}: {_span(absence)} {same_days[0].kind} → {absence.kind}"
    overlap = [a for a in doctor.unavailable if a.start <= absence.end and absence.start <= a.end]
    mine = [a for a in overlap if a.kind == absence.kind]
    if any(a.start <= absence.start and absence.end <= a.end for a in mine):
        return "finnes alt", f"{text} (innenfor {absence.kind} {_span(mine[0])})"
    if mine:
        merged = _merged([*mine, absence])[0]
        return "utvider fravær", (f"{doctor.name}: {absence.kind} "
                                  f"{', '.join(_span(a) for a in mine)} → {_span(merged)}")
    others = [a for a in overlap if a.kind != absence.kind]
    if others:
        text += " (overlapper " + ", ".join(f"{a.kind} {_span(a)}" for a in others) + ")"
    return "nytt fravær", text


def _in_saved_order(absences: list[Absence], saved: list[Absence]) -> list[Absence]:
    """``absences`` with those already saved first, in their saved order, then the new."""
    kept = [a for a in saved if a in absences]
    return kept + [a for a in absences if a not in kept]


def _merged(absences: list[Absence]) -> list[Absence]:
    """Overlapping absences of the same kind as one (its first to its last day)."""
    out: list[Absence] = []
    for a in sorted(absences, key=lambda a: (a.kind, a.start)):
        last = out[-1] if out else None
        if last is not None and last.kind == a.kind and a.start <= last.end:
            out[-1] = Absence(start=last.start, end=max(last.end, a.end), kind=a.kind)
        else:
            out.append(a)
    return out


# ---------------------------------------------------------------- both


def guess_kind(path: str | os.PathLike[str]) -> ImportKind:
    """Doctors or absences, from the headers ("fra"/"til" means absences)."""
    headers, _rows = read_table(path)
    folded = {_fold(h) for h in headers}

    def named(column: str) -> set[str]:
        found = next(c for c in ABSENCE_COLUMNS if c.name == column)
        return {_fold(n) for n in (found.name, *found.aliases)}

    # «Fra og med» / «Til og med», «start» / «slutt» as well as «fra» / «til»
    return "absences" if folded & named("fra") and folded & named("til") else "doctors"


def preview_import(
    path: str | os.PathLike[str], project: Project, kind: ImportKind | None = None,
    replace: bool = False,
) -> ImportPreview:
    """Read ``path`` and check every row; nothing is changed. ``kind`` None: guessed.
    ``replace``: an absence list is the whole list (see :func:`preview_absences`)."""
    kind = kind or guess_kind(path)
    if kind == "doctors":
        return preview_doctors(path, project)
    return preview_absences(path, project, replace=replace)


def apply_import(project: Project, preview: ImportPreview) -> Project:
    """A new project with the previewed rows applied (``project`` itself is unchanged).

    Raises :class:`ImportRejected` when the preview has problems or was made for a
    different version of the project; the result is validated like a loaded file.
    """
    from legevakt_app.project_io import ProjectError, project_from_document

    if preview.problems:
        raise ImportRejected(preview.summary())
    if preview.fingerprint and preview.fingerprint != project_fingerprint(project):
        raise ImportRejected("prosjektet er endret siden forhåndsvisningen; les filen på nytt")
    document = project.model_dump(mode="json")
    doctors: list[dict[str, Any]] = document["doctors"]
    index = {d["id"]: i for i, d in enumerate(doctors)}
    if preview.kind == "doctors":
        for item in preview.changes:
            doc = item.payload.model_dump(mode="json")
            if doc["id"] in index:
                doctors[index[doc["id"]]] = doc
            else:
                index[doc["id"]] = len(doctors)
                doctors.append(doc)
    elif preview.replace:
        kinds = {item.payload[1].kind for item in preview.rows}
        given: dict[str, list[Absence]] = {}
        for item in preview.rows:
            if item.action != REMOVED:
                given.setdefault(item.payload[0], []).append(item.payload[1])
        for doctor_id in {item.payload[0] for item in preview.rows}:
            saved_list = [Absence.model_validate(a)
                          for a in doctors[index[doctor_id]]["unavailable"]]
            doctor = Doctor.model_validate(doctors[index[doctor_id]])
            answered = _replaced(doctor, kinds, project.period)
            kept = [a for a in saved_list if a not in answered]
            kept += [part for a in answered for part in _outside(a, project.period)]
            doctors[index[doctor_id]]["unavailable"] = [
                a.model_dump(mode="json")
                for a in _in_saved_order(_merged(kept + given.get(doctor_id, [])), saved_list)]
    else:
        saved: dict[str, list[Absence]] = {}  # each touched doctor's absences as saved
        touched: dict[str, list[Absence]] = {}  # … and with the import's
        for item in preview.changes:
            doctor_id, absence = item.payload
            if doctor_id not in saved:
                saved[doctor_id] = [Absence.model_validate(a)
                                    for a in doctors[index[doctor_id]]["unavailable"]]
                touched[doctor_id] = list(saved[doctor_id])
            if item.action == "endrer type":
                touched[doctor_id] = [a for a in touched[doctor_id]
                                      if (a.start, a.end) != (absence.start, absence.end)]
            touched[doctor_id].append(absence)
        for doctor_id, absences in touched.items():
            # an extended ferie replaces the one it extends; the doctor's other absences (and
            # their order) stay as they were
            doctors[index[doctor_id]]["unavailable"] = [
                a.model_dump(mode="json")
                for a in _in_saved_order(_merged(absences), saved[doctor_id])]
    try:
        return project_from_document(document, preview.source)
    except ProjectError as err:
        raise ImportRejected("; ".join(str(p) for p in err.problems[:5])) from None
