"""``legevakt rules PROSJEKT [set … | add-exception FRA TIL … | remove-exception NR]``: show the
rota's rules and its «Unntak fra vakthyppigheten», or change them as the rules form and the
exception table of the app's «Vakter og regler» do, and save the project.

Each value is read as a Norwegian types it (``0,143``, ``2 %``) and checked by the file format;
a value refused names its option, and nothing is saved. After a save, what the change makes
the stored rota break is said, as after ``legevakt ledger``.

Exit codes: 0 shown, changed and saved (or nothing to change), 2 bad input — a value refused,
an exception that overlaps another or changes nothing, a number not in the list, a bundled
sample, a file that cannot be written or was changed on disk since it was read (nothing saved).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legevakt_app.cli import (
    EXIT_OK,
    UserError,
    how_to_change,
    refuse_unchangeable,
    resolve_path,
    save_or_refuse,
)
from legevakt_app.domain import COMPETENCE_RULE_LABELS, PRACTICE_AFTER_NIGHT_LABELS, RULE_LABELS

if TYPE_CHECKING:
    from legevakt_app.domain import FrequencyLimit, Project, RuleException, Rules
    from legevakt_app.project_io import FileStamp


@dataclass(frozen=True)
class RuleField:
    attr: str  # the field of legevakt_app.domain.Rules
    option: str
    metavar: str
    help: str

    @property
    def label(self) -> str:
        """As the app's rules form names it."""
        return RULE_LABELS[self.attr]


RULE_FIELDS = (
    RuleField("competence_rule", "--competence-rule", "REGEL",
              "hvilken versjon av akuttmedisinforskriften § 7 vaktkompetansen avgjøres etter: "
              + ", ".join(f"{key} ({label})" for key, label in COMPETENCE_RULE_LABELS.items())),
    RuleField("min_rest_hours", "--rest", "TIMER",
              "timer fri mellom to arbeidsperioder, praksisdagen regnet med (0–24; 8 etter SFS "
              "2305, 11 etter arbeidsmiljøloven)"),
    RuleField("practice_after_night", "--after-night", "VALG",
              "fri (fri fra praksis den dagen) eller forby (vakten er ikke tillatt)"),
    RuleField("spacing_window_days", "--window", "DØGN",
              "døgnene «maks vakter i vinduet» gjelder (4 = firedelt vakt)"),
    RuleField("max_in_window", "--max-in-window", "ANTALL",
              "høyst så mange vakter i vinduet; 0 for ingen grense"),
    RuleField("max_per_week", "--max-per-week", "ANTALL",
              "høyst så mange vakter i en uke; 0 for ingen grense"),
    RuleField("max_consecutive_days", "--max-consecutive", "ANTALL",
              "høyst så mange dager med vakt på rad; 0 for ingen grense"),
    RuleField("hjemmevakt_factor", "--hjemmevakt-factor", "ANDEL",
              "hvor mye av en hjemmevaktstime som regnes som arbeidstid (0–1; KS: 0,143)"),
    RuleField("bakvakt_weight", "--bakvakt-weight", "VEKT",
              "belastning per bakvaktstime mot en vakttime (0–5)"),
    RuleField("fairness_margin", "--margin", "PROSENT",
              "hvor mye mer den mest belastede legen får bære, så netter, helger og avstand kan "
              "jevnes ut (0–20 %%)"),
)
LIMITS = ("max_in_window", "max_per_week", "max_consecutive_days")
AFTER_NIGHT = {"fri": "day_off", "forby": "forbid"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``legevakt rules``."""
    p.description = ("Uten HANDLING vises reglene og unntakene fra vakthyppigheten, som under "
                     "«Vakter og regler» i appen; en HANDLING endrer dem og lagrer.")
    p.usage = "%(prog)s [-h] PROSJEKT [HANDLING ...]"
    p.add_argument("project", metavar="PROSJEKT", help="prosjektfil eller navnet på et eksempel")
    actions = p.add_subparsers(dest="action", metavar="HANDLING", title="handlinger")
    a = actions.add_parser("set", help="endre regler (bare de som gis) og lagre prosjektet")
    for field in RULE_FIELDS:
        a.add_argument(field.option, dest=field.attr, metavar=field.metavar,
                       help=f"«{field.label}»: {field.help}")
    _hardness(a, "som før, og absolutt for en grense som ikke fantes")
    a = actions.add_parser("add-exception", help="nytt unntak fra vakthyppigheten for noen "
                           "dager (f.eks. 3-delt vakt i juleuken) og lagre prosjektet")
    a.add_argument("start", metavar="FRA", help="første dag (dd.mm.åååå, ÅÅÅÅ-MM-DD eller dd.mm)")
    a.add_argument("end", metavar="TIL", help="siste dag, som FRA")
    a.add_argument("--name", metavar="NAVN", default="", help="et kort navn, f.eks. Jul")
    a.add_argument("--window", dest="spacing_window_days", metavar="DØGN",
                   help="vinduet for vakthyppighet disse dagene (ellers periodens)")
    for attr, option, what in (("max_in_window", "--max-in-window", "i vinduet"),
                               ("max_per_week", "--max-per-week", "per uke"),
                               ("max_consecutive_days", "--max-consecutive", "på rad")):
        a.add_argument(option, dest=attr, metavar="ANTALL",
                       help=f"maks vakter {what} disse dagene (ellers periodens)")
    _hardness(a, "som periodens egen grense av samme slag, ellers absolutt")
    a = actions.add_parser("remove-exception", help="fjern et unntak (nummeret i listen) og "
                           "lagre prosjektet")
    a.add_argument("number", metavar="NR", help="unntakets nummer, som listen viser det")


def _hardness(p: argparse.ArgumentParser, otherwise: str) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--absolute", dest="hard", action="store_const", const=True,
                       help=f"grensene som gis, er absolutte: aldri tettere (uten --absolute "
                       f"og --wished: {otherwise})")
    group.add_argument("--wished", dest="hard", action="store_const", const=False,
                       help="grensene som gis, er ønsket: tillatt, men motoren unngår det når "
                       "den kan")


def run_rules(args: argparse.Namespace) -> int:
    from legevakt_app.project_io import load_project_stamped

    path = resolve_path(args.project)
    if args.action is not None:
        refuse_unchangeable(path, "og endre reglene i kopien")
    project, stamp = load_project_stamped(path)
    if args.action is None:
        for line in rules_lines(project, path):
            print(line)
        return EXIT_OK
    if args.action == "set":
        after, what = _with_rules(args, project), "Reglene"
    elif args.action == "add-exception":
        after, what = _with_new_exception(args, project), "Unntaket"
    else:
        after, what = _without_exception(args, project), "Unntaket"
    return _save(project, after, path, stamp, what)


def limit_text(limit: FrequencyLimit | None) -> str:
    if limit is None:
        return "ingen grense"
    return f"{limit.value} ({'absolutt' if limit.hard else 'ønsket'})"


def rule_value_text(rules: Rules, attr: str) -> str:
    """A rule's value as the rules form shows it."""
    from legevakt_app.wording import decimal

    value = getattr(rules, attr)
    if attr in LIMITS:
        return limit_text(value)
    if attr == "competence_rule":
        return COMPETENCE_RULE_LABELS.get(value, value)
    if attr == "practice_after_night":
        return PRACTICE_AFTER_NIGHT_LABELS[value].lower()
    if attr == "min_rest_hours":
        return f"{decimal(value)} t"
    if attr == "spacing_window_days":
        return f"{value} døgn"
    if attr == "fairness_margin":
        return f"{decimal(value * 100)} %"
    return decimal(value, 3) if attr == "hjemmevakt_factor" else decimal(value, 2)


def rules_lines(project: Project, path: Path) -> list[str]:
    """The rules, one per line under the app's labels, then the exceptions numbered, then how
    to change them."""
    from legevakt_app.rule_exceptions import exception_text

    rules, p = project.rules, project.period
    width = max(len(f.label) for f in RULE_FIELDS)
    lines = [f"Regler for {project.district.name} {p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}:"]
    lines += [f"  {f.label.ljust(width)}  {rule_value_text(rules, f.attr)}  ({f.option})"
              for f in RULE_FIELDS]
    ordered = sorted(rules.exceptions, key=lambda e: e.start)
    lines.append("Unntak fra vakthyppigheten:" if ordered
                 else "Unntak fra vakthyppigheten: ingen")
    lines += [f"  {n}. {exception_text(e, rules)}" for n, e in enumerate(ordered, 1)]
    lines.append(how_to_change(path, "rules", "set --rest 11 …, add-exception FRA TIL …, "
                               "remove-exception NR"))
    return lines


def _whole(option: str, text: str) -> int:
    from legevakt_app.wording import read_whole_number

    try:
        return read_whole_number(text)
    except ValueError as err:
        raise UserError(f"{option}: {err}; ingenting er lagret") from None


def _typed(field: RuleField, text: str, rules: Rules, hard: bool | None) -> Any:
    """The value ``text`` typed for ``field`` as the rules take it (UserError naming the
    option)."""
    from legevakt_app.wording import read_number

    raw = text.strip()
    if field.attr == "competence_rule":
        if raw not in COMPETENCE_RULE_LABELS:
            raise UserError(f"{field.option} «{raw}»: kjenner ikke den regelen; velg "
                            f"{' eller '.join(COMPETENCE_RULE_LABELS)}; ingenting er lagret")
        return raw
    if field.attr == "practice_after_night":
        if raw.lower() not in AFTER_NIGHT:
            raise UserError(f"{field.option} «{raw}»: velg fri eller forby; ingenting er lagret")
        return AFTER_NIGHT[raw.lower()]
    if field.attr in LIMITS:
        value = _whole(field.option, raw)
        if value == 0:
            return None
        before = getattr(rules, field.attr)
        keep = before.hard if before is not None else True
        return {"value": value, "hard": keep if hard is None else hard}
    if field.attr == "spacing_window_days":
        return _whole(field.option, raw)
    try:
        value = read_number(raw, percent=field.attr == "fairness_margin")
    except ValueError as err:
        raise UserError(f"{field.option}: {err}; ingenting er lagret") from None
    if field.attr == "fairness_margin":  # typed in per cent, «2» or «2 %»
        value = value / 100 if not raw.rstrip().endswith("%") else value
        if not 0 <= value <= 0.2:
            raise UserError(f"{field.option} «{raw}»: må være fra 0 til 20 (prosent); "
                            "ingenting er lagret")
        return round(value, 4)
    return value


def _checked_rules(rules: Rules, values: dict[str, Any], options: dict[str, str]) -> Rules:
    """``rules`` with ``values`` (attr → value), checked by the file format; UserError naming
    the option of the first value refused."""
    from pydantic import ValidationError

    from legevakt_app.domain import Rules
    from legevakt_app.messages import pydantic_error_message

    try:
        return Rules.model_validate({**rules.model_dump(), **values})
    except ValidationError as err:
        first = err.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else ""
        option = options.get(where, where)
        raise UserError(f"{option}: {pydantic_error_message(first)}; ingenting er "
                        "lagret") from None


def _with_rules(args: argparse.Namespace, project: Project) -> Project:
    hard = getattr(args, "hard", None)
    given = [f for f in RULE_FIELDS if getattr(args, f.attr) is not None]
    if not given:
        raise UserError("set: si hva som skal endres: "
                        + ", ".join(f.option for f in RULE_FIELDS) + "; ingenting er lagret")
    if hard is not None and not any(f.attr in LIMITS for f in given):
        raise UserError("--absolute og --wished gjelder en grense som gis: --max-in-window, "
                        "--max-per-week eller --max-consecutive; ingenting er lagret")
    values = {f.attr: _typed(f, getattr(args, f.attr), project.rules, hard) for f in given}
    rules = _checked_rules(project.rules, values, {f.attr: f.option for f in RULE_FIELDS})
    return project.model_copy(update={"rules": rules})


def _with_new_exception(args: argparse.Namespace, project: Project) -> Project:
    from pydantic import ValidationError

    from legevakt_app.domain import RuleException
    from legevakt_app.messages import pydantic_error_message
    from legevakt_app.rota_edit import parse_day
    from legevakt_app.rule_exceptions import changes_nothing

    p, rules = project.period, project.rules
    days = []
    for option, text in (("FRA", args.start), ("TIL", args.end)):
        try:
            days.append(parse_day(text, p.start, p.end))
        except ValueError as err:
            raise UserError(f"{option}: {err}; ingenting er lagret") from None
    start, end = days
    if end < start:
        raise UserError(f"TIL ({end:%d.%m.%Y}) er før FRA ({start:%d.%m.%Y}); ingenting er "
                        "lagret")
    if start < p.start or end > p.end:
        raise UserError(f"{start:%d.%m.%Y}–{end:%d.%m.%Y} er ikke innenfor perioden "
                        f"{p.start:%d.%m.%Y}–{p.end:%d.%m.%Y}; ingenting er lagret")
    options = {"spacing_window_days": "--window", "max_in_window": "--max-in-window",
               "max_per_week": "--max-per-week", "max_consecutive_days": "--max-consecutive",
               "name": "--name"}
    fields: dict[str, Any] = {"name": args.name, "start": start, "end": end}
    if args.spacing_window_days is not None:
        fields["spacing_window_days"] = _whole("--window", args.spacing_window_days)
    for attr in LIMITS:
        text = getattr(args, attr)
        if text is not None:
            own = getattr(rules, attr)
            hard = args.hard if args.hard is not None else (own.hard if own else True)
            fields[attr] = {"value": _whole(options[attr], text), "hard": hard}
    if len(fields) == 3:
        raise UserError("add-exception: si hvilke grenser som gjelder disse dagene: --window, "
                        "--max-in-window, --max-per-week eller --max-consecutive; ingenting er "
                        "lagret")
    try:
        exc = RuleException.model_validate(fields)
    except ValidationError as err:
        first = err.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else ""
        raise UserError(f"{options.get(where, where) or 'add-exception'}: "
                        f"{pydantic_error_message(first)}; ingenting er lagret") from None
    if changes_nothing(exc, rules):
        raise UserError("add-exception: unntaket gir de samme grensene som perioden har; "
                        "ingenting er lagret")
    exceptions = sorted([*rules.exceptions, exc], key=lambda e: e.start)
    return project.model_copy(update={"rules": _checked_exceptions(rules, exceptions)})


def _checked_exceptions(rules: Rules, exceptions: list[RuleException]) -> Rules:
    from pydantic import ValidationError

    from legevakt_app.domain import Rules
    from legevakt_app.messages import pydantic_error_text

    try:
        return Rules.model_validate({**rules.model_dump(),
                                     "exceptions": [e.model_dump() for e in exceptions]})
    except ValidationError as err:
        raise UserError(f"FRA og TIL: {pydantic_error_text(err.errors()[0])}; ingenting er "
                        "lagret") from None


def _without_exception(args: argparse.Namespace, project: Project) -> Project:
    rules = project.rules
    ordered = sorted(rules.exceptions, key=lambda e: e.start)
    number = _whole("NR", args.number)
    if not ordered:
        raise UserError("remove-exception: prosjektet har ingen unntak; ingenting er lagret")
    if not 1 <= number <= len(ordered):
        raise UserError(f"NR {number}: velg et nummer fra 1 til {len(ordered)}, som «legevakt "
                        "rules PROSJEKT» viser dem; ingenting er lagret")
    gone = ordered[number - 1]
    kept = [e for e in ordered if e is not gone]
    return project.model_copy(update={"rules": _checked_exceptions(rules, kept)})


def _save(project: Project, after: Project, path: Path, stamp: FileStamp, what: str) -> int:
    from legevakt_app.rota_breaks import print_saved
    from legevakt_app.rule_exceptions import exception_text

    before, now = project.rules, after.rules
    changes = [f"  {f.label}: {rule_value_text(before, f.attr)} → {rule_value_text(now, f.attr)}"
               for f in RULE_FIELDS if getattr(before, f.attr) != getattr(now, f.attr)]
    old = [exception_text(e, before) for e in before.exceptions]
    new = [exception_text(e, now) for e in now.exceptions]
    changes += [f"  Nytt: {text}" for text in new if text not in old]
    changes += [f"  Fjernet: {text}" for text in old if text not in new]
    if not changes:
        print("Ingenting er endret: reglene har alt disse verdiene; ingenting er lagret.")
        return EXIT_OK
    saved = save_or_refuse(after, path, stamp, f"{what.lower()} er ikke lagret (det ville "
                           "overskrevet den endringen)")
    print(f"{what} er endret:" if what == "Reglene" else "Unntak fra vakthyppigheten:")
    for line in changes:
        print(line)
    print_saved(project, after, path, saved, "de nye reglene gjelder når turnusen lages på "
                "nytt", everyone=True)
    return EXIT_OK
