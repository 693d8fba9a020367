"""Validation messages in Norwegian, for the window and the CLI.

The domain and the loader word their problems in English (the file format's own language);
a leader reads the same facts in bokmål, in the window next to the field, in the «Kan ikke
åpne filen» message and on the command line. Unknown messages pass through unchanged rather
than being lost.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from datetime import date, datetime
from typing import Any

from legevakt_app.wording import date_parts, number
from solver.problem import RESULT_FORMAT

# Norwegian names of the fields a message may point at (last part of the field path)
FIELD_NAMES = {
    "name": "Navn", "inhabitants": "Innbyggere", "centrality": "Sentralitetsklasse",
    "kommune": "Kommune", "kind": "Type", "birth_year": "Født", "position_share": "Stilling",
    "legevakt_share": "Vaktandel", "practice_hours_per_week": "Praksis t/uke",
    "clinical_months": "Mnd klinisk", "legevakter_done": "Legevakter",
    "years_allmennlege": "År allmennlege", "start": "Fra", "end": "Til",
    "end_day_offset": "+dager", "required": "Antall leger", "weight": "Vekt",
    "weekdays": "Dager", "station": "Stasjon", "category": "Kategori", "scope": "Omfang",
    "template": "Vakttype", "shift_id": "Vakt", "role": "Rolle", "id": "Id",
    "min_rest_hours": "Minste hviletid", "spacing_window_days": "Vindu",
    "hjemmevakt_factor": "Hjemmevakt i arbeidstid", "bakvakt_weight": "Bakvakt belastning",
    "kommuner": "Kommuner", "stations": "Stasjoner", "period": "Periode",
    "schema_version": "Formatversjon", "district": "Distrikt", "doctors": "Leger",
    "templates": "Vakttyper", "rules": "Regler", "competence_rule": "Kompetanseregel",
    "fairness_margin": "Rettferdighetsmargin", "doctor_id": "Lege", "date": "Dato",
    "practice_start": "Praksis fra", "practice_end": "Praksis til",
    "practice_after_night": "For kort hvile før/etter praksis", "max_in_window": "Maks vakter i vinduet",
    "max_per_week": "Maks vakter per uke", "max_consecutive_days": "Maks vakter på rad",
    "weekend_weight": "Helgevekt", "holiday_weight": "Helligdagsvekt", "locked": "Låst",
    "wants": "Ønsker vakt", "ledger": "Vaktregnskap", "load_balance": "Timer over/under",
    "nights": "Netter", "weekends": "Vakter i helg", "high_days": "Høytidsvakter",
    "had_high_days": "Hadde høytid", "last_vakt_end": "Siste vakt sluttet",
    "earlier_duty_days": "Vaktdager i forrige periode",
    "competence": "Kompetanse", "on_site": "Tilstede", "requires_competent": "Krever kompetent",
    "holiday_policy": "Helligdager", "block": "Blokk", "value": "Verdi", "hard": "Absolutt",
    "penalty": "Straff", "published_at": "Publisert", "doctor_names": "Legenavn",
    "station_name": "Stasjonsnavn",
    "specialist_allmennmedisin": "Spesialist i allmennmedisin", "lis1_completed": "LIS1 fullført",
    "courses_done": "Kurs fullført", "exceptions": "Unntak", "sequence": "Versjon",
    "cancelled": "Avlyst", "uid": "UID", "content": "Innhold",
}


def _num(value: Any) -> str:
    return number(value) if isinstance(value, float) else str(value)


def _day(text: str) -> str:
    """``2027-01-04`` → ``04.01.2027``; a moment (``2027-01-04T16:00:00+01:00``) with its time."""
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return text


_EXCEPTION = r"(?:«(.*?)» )?(\d{4}-\d\d-\d\d)–(\d{4}-\d\d-\d\d)"  # RuleException.describe()


def _exception(name: str | None, start: str, end: str) -> str:
    """``unntaket «Jul» (20.12.2026–03.01.2027)``."""
    label = f"«{name}» " if name else ""
    return f"unntaket {label}({_day(start)}–{_day(end)})"


_VALUE_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(rf"the exception {_EXCEPTION} changes nothing"),
     lambda m: f"{_exception(m[1], m[2], m[3])} endrer ingenting: gi det et eget vindu eller "
               "en egen grense (maks i vinduet, maks per uke eller maks vakter på rad)"),
    (re.compile(rf"the exception {_EXCEPTION} overlaps the exception {_EXCEPTION}"),
     lambda m: f"{_exception(m[1], m[2], m[3])} overlapper {_exception(m[4], m[5], m[6])}: "
               "to unntak kan ikke gjelde samme dag"),
    (re.compile(rf"the exception {_EXCEPTION} is outside the period (\S+)–(\S+)"),
     lambda m: f"{_exception(m[1], m[2], m[3])} går utenfor perioden "
               f"({_day(m[4])}–{_day(m[5])}): et unntak må ligge innenfor perioden"),
    (re.compile(r"the duty day (\S+) of the period before is not before the period's start (\S+)"),
     lambda m: f"vaktdagen {_day(m[1])} skal være fra forrige periode, men er ikke før denne "
               f"periodens start ({_day(m[2])})"),
    (re.compile(r"the last vakt of the period before ended (\S+), after (\S+): no vakt that "
                r"began before the period's start (\S+) lasts"),
     lambda m: f"siste vakt i forrige periode sluttet {_day(m[1])}, men en vakt som begynte før "
               f"denne periodens start ({_day(m[3])}), varer høyst til og med {_day(m[2])}"),
    (re.compile(r"end (\S+) is before start (\S+)"),
     lambda m: f"Til ({_day(m[1])}) er før Fra ({_day(m[2])})"),
    (re.compile(r"end (\S+) is not after start (\S+) on the same day"),
     lambda m: f"Til {m[1]} er ikke etter Fra {m[2]} samme dag "
               "(sett +dager til 1 for en vakt som slutter neste dag)"),
    (re.compile(r"the shift ends (\S+), not after it starts (\S+)"),
     lambda m: f"vakten slutter {_day(m[1])}, ikke etter at den starter ({_day(m[2])})"),
    (re.compile(r"the shift starts (\S+), outside the period (\S+)–(\S+)"),
     lambda m: f"vakten starter {_day(m[1])}, utenfor perioden ({_day(m[2])}–{_day(m[3])})"),
    (re.compile(r"'(.*)' is not a time HH:MM"), lambda m: f"«{m[1]}» er ikke et klokkeslett TT:MM"),
    (re.compile(r"practice_end (\S+) is not after practice_start (\S+)"),
     lambda m: f"praksisdagen slutter {m[1]}, ikke etter at den begynner ({m[2]}): Praksis til "
               "må være senere enn Praksis fra"),
    (re.compile(r"(\S+) is outside the years (\d+)–(\d+)"),
     lambda m: f"{_day(m[1])} er utenfor årene {m[2]}–{m[3]}; skriv en virkelig dato"),
    (re.compile(r"weekday (\S+) is not 0"), lambda m: f"ukedag {m[1]} finnes ikke"),
    (re.compile(r"a weekday is listed twice"), lambda m: "en ukedag står to ganger"),
    (re.compile(r"the period is (\d+) days; at most 53 weeks"),
     lambda m: f"perioden er {m[1]} dager; høyst 53 uker støttes"),
]


def value_error_text(message: str) -> str:
    message = message.removeprefix("Value error, ")
    for pattern, text in _VALUE_ERRORS:
        m = pattern.search(message)
        if m:
            return str(text(m))
    return message


# pydantic error types that need no context, in Norwegian
_PLAIN_TYPES = {
    "missing": "mangler (må være med)",
    "extra_forbidden": "ukjent felt (ikke en del av prosjektformatet)",
    "int_parsing": "må være et heltall", "int_type": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_parsing": "må være et tall", "float_type": "må være et tall",
    "string_type": "må være tekst",
    "bool_parsing": "må være true eller false", "bool_type": "må være true eller false",
    "date_parsing": "må være en dato ÅÅÅÅ-MM-DD", "date_type": "må være en dato ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "må være en dato ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "må være en dato ÅÅÅÅ-MM-DD (uten klokkeslett)",
    "datetime_parsing": "må være dato og klokkeslett ÅÅÅÅ-MM-DDTtt:mm",
    "datetime_type": "må være dato og klokkeslett ÅÅÅÅ-MM-DDTtt:mm",
    "datetime_from_date_parsing": "må være dato og klokkeslett ÅÅÅÅ-MM-DDTtt:mm",
    "finite_number": "må være et tall (ikke NaN eller uendelig)",
    "list_type": "må være en liste", "dict_type": "må være et objekt",
    "model_type": "må være et objekt", "tuple_type": "må være en liste",
    "time_type": "må være et klokkeslett TT:MM", "time_parsing": "må være et klokkeslett TT:MM",
    "timezone_aware": "må ha tidssone, f.eks. 2027-01-04T16:00:00+01:00",
}


def pydantic_error_message(error: dict[str, Any]) -> str:
    """What is wrong in one pydantic error (``ValidationError.errors()[i]``), in Norwegian,
    without the field."""
    field = _field_name(error)
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    value = error.get("input")
    if isinstance(value, float) and value != value:  # NaN fails every comparison
        return "må være et tall (ikke NaN)"
    if kind == "greater_than_equal":
        text = f"må være minst {_num(ctx.get('ge'))}"
    elif kind == "greater_than":
        text = f"må være over {_num(ctx.get('gt'))}"
    elif kind == "less_than_equal":
        text = f"kan være høyst {_num(ctx.get('le'))}"
    elif kind == "less_than":
        text = f"må være under {_num(ctx.get('lt'))}"
    elif kind == "string_too_short":
        text = "kan ikke være tomt"
    elif kind == "string_too_long":
        text = f"kan være høyst {ctx.get('max_length')} tegn"
    elif kind == "string_pattern_mismatch":
        text = ("kan bare ha bokstaver a–z, tall, punktum, bindestrek og understrek"
                if field == "Id" else "kan ikke være bare mellomrom")
    elif kind == "too_short":
        text = f"må ha minst {ctx.get('min_length')}"
    elif kind == "too_long":
        text = f"kan ha høyst {ctx.get('max_length')}"
    elif kind in ("literal_error", "enum"):
        text = "er ikke et av valgene" + _choices(str(ctx.get("expected", "")), value)
    elif kind == "control_character":  # domain.Text
        code = str(ctx.get("code", ""))
        what = _CONTROL_NAMES.get(code, f"U+{code}")
        text = (f"har et usynlig kontrolltegn ({what}, tegn {ctx.get('position')}); "
                "skriv teksten uten det")
    elif kind == "value_error":
        text = value_error_text(str(error.get("msg", "")))
    elif kind in _WRONG_JSON_TYPE and isinstance(value, bool | int | str | float):
        text = _wrong_json_type(kind, value)
    elif kind in _DATE_PARSING and isinstance(value, str) and _impossible_date(value):
        text = _impossible_date(value)
    elif kind in _DATE_PARSING and isinstance(value, str):
        text = _unread_date(kind, value)
    elif kind in ("date_type", "datetime_type") and isinstance(value, bool | int | float):
        # a number (or true) where the file needs the date as text: "2027-01-04", not 20270104
        shown = ("true" if value else "false") if isinstance(value, bool) else repr(value)
        text = f"{_PLAIN_TYPES[kind]} i anførselstegn, ikke {shown}"
    else:
        # a kind not listed: say it in Norwegian rather than pass pydantic's English on
        text = _PLAIN_TYPES.get(kind, "har feil type eller form")
    return text


def _choice_labels() -> dict[str, str]:
    """Each coded choice of the format (``no_nights``) with the app's Norwegian words for it."""
    from legevakt_app import domain

    # the app's words in its choice lists where domain has no table (Stasjoner, Regler)
    labels: dict[str, str] = {"central": "Hovedlegevakt", "satellite": "Satellitt"}
    for table in (domain.PRACTICE_AFTER_NIGHT_LABELS, domain.DOCTOR_KIND_LABELS, domain.EXEMPTION_CATEGORY_LABELS,
                  domain.EXEMPTION_SCOPE_LABELS, domain.SHIFT_KIND_LABELS,
                  domain.COMPETENCE_RULE_LABELS, domain.HOLIDAY_POLICY_LABELS, domain.BLOCK_LABELS):
        labels.update(table)
    return labels


def _choices(expected: str, value: Any) -> str:
    """`` («alt»); skriv en av: «full» (Fullt fritak), … eller «no_16_08» (…)`` — the value the
    file has and the ones it may have (as the file writes them, with what the app calls them),
    from pydantic's ``expected`` (``"'full', 'no_nights' or 'no_16_08'"``)."""
    codes = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    shown = f" («{value}»)" if isinstance(value, str) and len(value) <= 40 else ""
    if not codes:
        return shown
    labels = _choice_labels()
    words = [f"«{c}»" + (f" ({labels[c]})" if c in labels and labels[c].lower() != c.lower()
                         else "") for c in codes]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " eller " + words[-1]
    return f"{shown}; skriv en av: {listed}"


# pydantic's date errors for text it could not read as a date (or a moment)
_DATE_PARSING = ("date_parsing", "date_from_datetime_parsing", "datetime_parsing",
                 "datetime_from_date_parsing")
MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember")


def _impossible_date(value: str) -> str | None:
    """``30.02.2027 finnes ikke (februar 2027 har 28 dager)``: text written as ÅÅÅÅ-MM-DD (perhaps
    with a time after it) whose day or month is not in the calendar; None for text that is a
    real day or not in that form at all (that gets «må være en dato ÅÅÅÅ-MM-DD»)."""
    m = re.match(r"\s*(\d{4})-(\d\d)-(\d\d)(?!\d)", value)
    if not m:
        return None
    year, month, day = (int(part) for part in m.groups())
    shown = f"{m[3]}.{m[2]}.{m[1]}"
    if year < 1:
        return None
    if not 1 <= month <= 12:
        return f"{shown} finnes ikke (det er ingen måned {m[2]})"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return f"{shown} finnes ikke (det er ingen dag {m[3]})"
    if day > days:
        return f"{shown} finnes ikke ({MONTH_NAMES[month - 1]} {year} har {days} dager)"
    return None


def _unread_date(kind: str, value: str) -> str:
    """``må være en dato ÅÅÅÅ-MM-DD: 2027-03-15, ikke «15.03.2027»``: the form the file needs
    and the text it has (a day typed the Norwegian way: as the file writes it)."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    written = ""
    parts = date_parts(value) if kind in ("date_parsing", "date_from_datetime_parsing") else None
    if parts is not None and parts[2] is not None:
        day, month, year = parts
        with contextlib.suppress(ValueError):
            written = f": {date(year, month, day).isoformat()}"
    elif kind in ("date_parsing", "date_from_datetime_parsing") and re.match(
            r"\d{4}-\d\d-\d\d[T ]", value) and not _impossible_date(value[:10]):
        written = f": {value[:10]}"  # the day without its time
    return f"{_PLAIN_TYPES[kind]}{written}, ikke «{shown}»"


# the control characters a leader may know by name (domain.Text refuses them all)
_CONTROL_NAMES = {"0009": "tabulator", "000A": "linjeskift", "000D": "linjeskift"}

# what a field of each type must be, for a value of another JSON type (strict loading: a
# file's ``true`` or ``"2480"`` is not read as a number)
_WRONG_JSON_TYPE = {"int_type": "et heltall", "float_type": "et tall",
                    "bool_type": "true eller false"}


def _wrong_json_type(kind: str, value: bool | int | str | float) -> str:
    """``må være et tall, ikke true`` — what the field must be, and what the file has."""
    wanted = _WRONG_JSON_TYPE[kind]
    if isinstance(value, bool):
        return f"må være {wanted}, ikke {'true' if value else 'false'}"
    if isinstance(value, int):  # 1 or 0 for a yes/no
        return f"må være {wanted}, ikke {value}"
    if isinstance(value, float):  # a decimal where a whole number belongs (2480.0, 2.5)
        if value in (float("inf"), float("-inf")):
            return f"må være {wanted}, ikke uendelig"
        return f"må være {wanted} uten desimaler, ikke {value!r}"
    shown = value if len(value) <= 40 else value[:40] + "…"
    bare = value.strip()
    if kind == "bool_type":
        if bare.lower() in ("true", "false"):
            return f"må være {bare.lower()} uten anførselstegn, ikke teksten «{shown}»"
    elif re.fullmatch(r"-?\d+" if kind == "int_type" else r"-?\d+([.,]\d+)?", bare):
        bare = bare.replace(",", ".")  # JSON writes 2.5, not 2,5
        return f"må være {wanted} uten anførselstegn: {bare}, ikke teksten «{shown}»"
    return f"må være {wanted}, ikke teksten «{shown}»"


def pydantic_error_text(error: dict[str, Any]) -> str:
    """One pydantic error as Norwegian, with the field (a value error's own text names it)."""
    text = pydantic_error_message(error)
    if error.get("type") == "value_error":
        return text
    field = _field_name(error)
    return f"{field}: {text}" if field else text


def _field_name(error: dict[str, Any]) -> str:
    """The Norwegian name of the field a pydantic error is about (the last part of its path)."""
    loc = [str(x) for x in error.get("loc", ()) if not isinstance(x, int)]
    return FIELD_NAMES.get(loc[-1], loc[-1]) if loc else ""


_TWICE = {"kommune name": "kommunen", "station id": "stasjons-id", "doctor id": "lege-id",
          "template id": "vakttype-id", "shift id": "vakt-id"}
_REFERENCE: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"(kommune name|station id|doctor id|template id|shift id) '(.*)' is used twice"),
     lambda m: f"{_TWICE[m[1]]} «{m[2]}» står to ganger"),
    (re.compile(r"there must be exactly one central legevakt.*found (\d+)"),
     lambda m: f"det må være nøyaktig én hovedlegevakt, fant {m[1]}"),
    (re.compile(r"unknown kommune '(.*)'"), lambda m: f"ukjent kommune «{m[1]}»"),
    (re.compile(r"unknown station '(.*)'"), lambda m: f"ukjent stasjon «{m[1]}»"),
    (re.compile(r"unknown template '(.*)'"), lambda m: f"ukjent vakttype «{m[1]}»"),
    (re.compile(r"unknown doctor '(.*?)'"), lambda m: f"ukjent lege «{m[1]}»"),
    (re.compile(r"fritak 'over 55' but born (\d+) \(turns (\d+) in (\d+)\)"),
     lambda m: f"fritak «over 55», men født {m[1]} (fyller {m[2]} i {m[3]})"),
    (re.compile(r"no shift '(.*)': '(.*)' does not run on (\d{4})-(\d\d)-(\d\d)"),
     lambda m: f"vakten «{m[1]}» finnes ikke: «{m[2]}» går ikke "
               f"{_weekday(int(m[3]), int(m[4]), int(m[5]))} {m[5]}.{m[4]}.{m[3]}"),
    (re.compile(r"no shift '(.*)' in the period"), lambda m: f"vakten «{m[1]}» finnes ikke i perioden"),
    (re.compile(r"'(.*)' is on '(.*)' \((.*)\) twice"), lambda m: f"«{m[1]}» står to ganger på «{m[2]}» ({m[3]})"),
    (re.compile(r"^the key '(.*)' appears (\d+) times (in this object|at the top level of the file)"),
     lambda m: f"feltet «{m[1]}»{_known_field(m[1])} står {_times(int(m[2]))} "
               f"{'i samme objekt' if m[3] == 'in this object' else 'øverst i filen'}; "
               "behold bare ett (det er ikke klart hvilken verdi som skal gjelde)"),
    # the file as a whole (project_io.read_document and the version check)
    (re.compile(r"^file not found$"), lambda m: "finner ikke filen"),
    (re.compile(r"^no permission to read the file$"), lambda m: "ikke tilgang til å lese filen"),
    (re.compile(r"^cannot read the file \((.*)\)$"), lambda m: f"kan ikke lese filen ({m[1]})"),
    (re.compile(r"^not UTF-8 text \(byte (\d+)\)"),
     lambda m: f"ikke UTF-8-tekst (byte {m[1]}); er dette en Legevakt-prosjektfil?"),
    (re.compile(r"^the file is empty$"), lambda m: "filen er tom"),
    (re.compile(r"^not JSON; it starts: (.*)$"),
     lambda m: f"ikke en Legevakt-prosjektfil: filen er ikke JSON (den begynner med «{m[1]}»)"),
    (re.compile(r"^not valid JSON at line (\d+), column (\d+)(?:: (.*))?"),
     lambda m: f"ikke gyldig JSON på linje {m[1]}, kolonne {m[2]}{_json_hint(m[3] or '')}"),
    (re.compile(r"^the file is not a Legevakt project"),
     lambda m: "filen er ikke et Legevakt-prosjekt (ventet et JSON-objekt)"),
    (re.compile(r"^the file is nested too deeply$"), lambda m: "filen er nøstet for dypt"),
    (re.compile(r"^the document holds a value that is not JSON$"),
     lambda m: "dokumentet har en verdi som ikke kan stå i en JSON-fil"),
    (re.compile(r"^unknown result format '(.*)'$"),
     lambda m: f"ukjent resultatformat «{m[1]}»: denne versjonen leser {RESULT_FORMAT} "
               "(filen er laget av en nyere Legevakt, eller endret for hånd)"),
    (re.compile(r"^a result file \(legevakt-rota/1\), not a project file$"),
     lambda m: "dette er en resultatfil (legevakt-rota/1), ikke en prosjektfil: gi "
               "prosjektfilen (.legevakt.json); check, report og export leser også resultatfiler"),
    (re.compile(r"^is a folder, not a project file$"), lambda m: "er en mappe, ikke en prosjektfil"),
    (re.compile(r"^is not a regular file, not a project file$"),
     lambda m: "er ikke en vanlig fil (en enhet eller et rør), ikke en prosjektfil"),
    (re.compile(r"^the file is (\d+) MB; a project is at most (\d+) MB"),
     lambda m: f"filen er {m[1]} MB; et prosjekt er høyst {m[2]} MB"),
    (re.compile(r"^missing or not a whole number$"), lambda m: "mangler eller er ikke et heltall"),
    (re.compile(r"^the file is version (\d+), made by a newer Legevakt; this version reads up to (\d+)"),
     lambda m: f"filen er versjon {m[1]}, laget av en nyere Legevakt; denne versjonen leser "
               f"opp til {m[2]}. Oppdater programmet for å åpne den."),
    (re.compile(r"^unknown version (-?\d+)$"), lambda m: f"ukjent versjon {m[1]}"),
    (re.compile(r"^the text has an invalid character \(U\+([0-9A-F]+)"),
     lambda m: f"teksten har et ugyldig tegn (U+{m[1]}, halvparten av et UTF-16-par)"),
]


# what Python's JSON reader says went wrong, as a leader who edited the file by hand may fix it
JSON_HINTS = (
    ("Trailing comma", "et komma for mye rett før } eller ] (fjern kommaet)"),
    ("Decimal comma", "desimaltall skrives med punktum: 0.5, ikke 0,5"),
    ("Expecting property name enclosed in double quotes",
     "ventet et feltnavn i anførselstegn (et komma for mye rett før }, eller et desimaltall "
     "med komma: skriv 0.5, ikke 0,5?)"),
    ("Expecting value", "ventet en verdi: tekst og datoer står i anførselstegn, og desimaltall "
                        "skrives med punktum (0.5, ikke 0,5); et komma for mye rett før ] ?"),
    ("Expecting ',' delimiter", "ventet et komma mellom to verdier eller felt (eller står en "
                                "tekst eller dato uten anførselstegn?)"),
    ("Expecting ':' delimiter", "ventet kolon etter feltnavnet"),
    ("Extra data", "mer tekst etter slutten av prosjektet"),
    ("Unterminated string", "en tekst mangler avsluttende anførselstegn"),
    ("Invalid control character", "et linjeskift eller tabulatortegn inne i en tekst"),
    ("Invalid \\escape", "ugyldig \\-tegn inne i en tekst"),
)


def _json_hint(msg: str) -> str:
    return next((f": {hint}" for start, hint in JSON_HINTS if msg.startswith(start)), "")


def _weekday(year: int, month: int, day: int) -> str:
    from legevakt_app.domain import WEEKDAY_NAMES

    return WEEKDAY_NAMES[date(year, month, day).weekday()]


def _known_field(key: str) -> str:
    """`` (Vaktandel)`` after a field of the format, nothing after another key."""
    return f" ({FIELD_NAMES[key]})" if key in FIELD_NAMES else ""


def _times(n: int) -> str:
    return {2: "to ganger", 3: "tre ganger"}.get(n, f"{n} ganger")


def path_text(path: str, doctor: str = "") -> str:
    """``doctors[3].exemptions[0].category`` → ``lege 4, fritak 1, Kategori``; with ``doctor``
    (the name, or id, the file gives that doctor) ``lege 4 (Kari Nordeng), fritak 1, Kategori``."""
    words = {"doctors": "lege", "exemptions": "fritak", "wishes": "ønske", "unavailable": "fravær",
             "pre_assigned": "forhåndstildeling", "templates": "vakttype", "rota": "turnus",
             "kommuner": "kommune", "stations": "stasjon", "snapshots": "publisert turnus",
             "assignments": "tildeling", "district": "", "rules": "regler",
             "exceptions": "unntak", "calendars": "sendte kalendere", "events": "hendelse"}
    out = []
    for part in path.split("."):
        m = re.fullmatch(r"(\w+)\[(\d+)\]", part)
        if m:
            place = f"{words.get(m[1]) or FIELD_NAMES.get(m[1], m[1])} {int(m[2]) + 1}".strip()
            if doctor and m[1] == "doctors" and not out:
                place += f" ({doctor})"
            out.append(place)
        elif part in words:
            if words[part] or path == part:  # «district» alone: the district itself
                out.append(words[part] or FIELD_NAMES.get(part, part))
        else:
            out.append(FIELD_NAMES.get(part, part))
    return ", ".join(out)


def _where(problem: Any) -> str:
    """Where a :class:`legevakt_app.project_io.Problem` is, as the app names it."""
    return path_text(str(getattr(problem, "path", "")), str(getattr(problem, "doctor", "") or ""))


def reference_problem_text(problem: Any) -> str:
    """A :class:`legevakt_app.project_io.Problem` in Norwegian, with where it is."""
    where = _where(problem)
    message = problem_message(problem)
    return f"{where}: {message}" if where else message


# the desktop app's words where the command line's would name commands: a result file is what
# Fil → Eksporter → Resultatfil writes, and the app opens only the project it came from
_IN_THE_APP = {
    "a result file (legevakt-rota/1), not a project file":
        "dette er en resultatfil (legevakt-rota/1): en ferdig turnus som er eksportert fra et "
        "prosjekt, og den kan ikke åpnes og redigeres her. Åpne prosjektfilen (.legevakt.json) "
        "turnusen ble laget i",
}


def app_problem_text(problem: Any) -> str:
    """:func:`reference_problem_text` as the desktop app says it (no command-line advice)."""
    message = str(getattr(problem, "message", ""))
    if not getattr(problem, "error", None) and message in _IN_THE_APP:
        where = _where(problem)
        return f"{where}: {_IN_THE_APP[message]}" if where else _IN_THE_APP[message]
    return reference_problem_text(problem)


def problem_message(problem: Any) -> str:
    """What is wrong in a :class:`legevakt_app.project_io.Problem`, in Norwegian."""
    error = getattr(problem, "error", None)
    if error:
        return pydantic_error_message(error)
    message = str(getattr(problem, "message", problem))
    for pattern, text in _REFERENCE:
        m = pattern.search(message)
        if m:
            return str(text(m))
    return value_error_text(message)


OUTSIDE_PERIOD = "utenfor perioden: påvirker ikke denne turnusen"


def outside_period_note(item: Any, period: Any) -> str | None:
    """For a dated entry (fravær, ønske, fritak) that lies wholly outside the project period —
    often a mistyped year — the note the leader sees after saving it; None when it overlaps."""
    start, end = getattr(item, "start", None), getattr(item, "end", None)
    if start is None or end is None or (end >= period.start and start <= period.end):
        return None
    return (f"Merk: {start:%d.%m.%Y}–{end:%d.%m.%Y} er {OUTSIDE_PERIOD} "
            f"({period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}). Riktig år?")
