"""Validation messages in Norwegian for the window.

The domain and the loader speak English (their messages serve the file format and the CLI);
the GUI shows a leader the same facts in bokmål, next to the field. Unknown messages pass
through unchanged rather than being lost.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

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
    "hjemmevakt_factor": "Hjemmevakt teller", "bakvakt_weight": "Bakvakt belastning",
    "kommuner": "Kommuner", "stations": "Stasjoner", "period": "Periode",
}


def _num(value: Any) -> str:
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        return text


_VALUE_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"end (\S+) is before start (\S+)"),
     lambda m: f"Til ({_day(m[1])}) er før Fra ({_day(m[2])})"),
    (re.compile(r"end (\S+) is not after start (\S+) on the same day"),
     lambda m: f"Til {m[1]} er ikke etter Fra {m[2]} samme dag "
               "(sett +dager til 1 for en vakt som slutter neste dag)"),
    (re.compile(r"'(.*)' is not a time HH:MM"), lambda m: f"«{m[1]}» er ikke et klokkeslett TT:MM"),
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


def pydantic_error_text(error: dict[str, Any]) -> str:
    """One pydantic error (``ValidationError.errors()[i]``) as Norwegian, with the field."""
    loc = [str(x) for x in error.get("loc", ()) if not isinstance(x, int)]
    field = FIELD_NAMES.get(loc[-1], loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
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
    elif kind in ("literal_error", "enum"):
        text = "er ikke et av valgene"
    elif kind == "value_error":
        return value_error_text(str(error.get("msg", "")))
    else:
        text = str(error.get("msg", ""))
    return f"{field}: {text}" if field else text


_REFERENCE: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"kommune name '(.*)' is used twice"), lambda m: f"kommunen «{m[1]}» står to ganger"),
    (re.compile(r"station id '(.*)' is used twice"), lambda m: f"stasjons-id «{m[1]}» står to ganger"),
    (re.compile(r"doctor id '(.*)' is used twice"), lambda m: f"lege-id «{m[1]}» står to ganger"),
    (re.compile(r"template id '(.*)' is used twice"), lambda m: f"vakttype-id «{m[1]}» står to ganger"),
    (re.compile(r"there must be exactly one central legevakt.*found (\d+)"),
     lambda m: f"det må være nøyaktig én hovedlegevakt, fant {m[1]}"),
    (re.compile(r"unknown kommune '(.*)'"), lambda m: f"ukjent kommune «{m[1]}»"),
    (re.compile(r"unknown station '(.*)'"), lambda m: f"ukjent stasjon «{m[1]}»"),
    (re.compile(r"unknown template '(.*)'"), lambda m: f"ukjent vakttype «{m[1]}»"),
    (re.compile(r"unknown doctor '(.*?)'"), lambda m: f"ukjent lege «{m[1]}»"),
    (re.compile(r"fritak 'over 55' but born (\d+) \(turns (\d+) in (\d+)\)"),
     lambda m: f"fritak «over 55», men født {m[1]} (fyller {m[2]} i {m[3]})"),
    (re.compile(r"no shift '(.*)' in the period"), lambda m: f"vakten «{m[1]}» finnes ikke i perioden"),
    (re.compile(r"'(.*)' is on '(.*)' \((.*)\) twice"), lambda m: f"«{m[1]}» står to ganger på «{m[2]}» ({m[3]})"),
]


def path_text(path: str) -> str:
    """``doctors[3].exemptions[0].category`` → ``lege 4, fritak 1, Kategori``."""
    words = {"doctors": "lege", "exemptions": "fritak", "wishes": "ønske", "unavailable": "fravær",
             "pre_assigned": "forhåndstildeling", "templates": "vakttype", "rota": "turnus",
             "kommuner": "kommune", "stations": "stasjon", "snapshots": "publisert turnus",
             "assignments": "tildeling", "district": "", "rules": "regler"}
    out = []
    for part in path.split("."):
        m = re.fullmatch(r"(\w+)\[(\d+)\]", part)
        if m:
            out.append(f"{words.get(m[1], m[1])} {int(m[2]) + 1}".strip())
        elif part in words:
            if words[part]:
                out.append(words[part])
        else:
            out.append(FIELD_NAMES.get(part, part))
    return ", ".join(out)


def reference_problem_text(problem: Any) -> str:
    """A :class:`legevakt_app.project_io.Problem` in Norwegian, with where it is."""
    message = str(getattr(problem, "message", problem))
    for pattern, text in _REFERENCE:
        m = pattern.search(message)
        if m:
            message = str(text(m))
            break
    else:
        message = value_error_text(message)
    where = path_text(str(getattr(problem, "path", "")))
    return f"{where}: {message}" if where else message
