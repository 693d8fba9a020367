"""``legevakt bench [--json]``: time the engine on the three samples and generated districts.

Each solve runs in its own process (peak memory per solve); figures are medians of
``--repeats`` runs. ``baseline_objective`` is the worst-off doctor's load per fair share in a
naive round-robin rota (what is built by hand in Excel today), to compare with ``objective``.
"""

from __future__ import annotations

import argparse
import json

from legevakt_app.cli import EXIT_OK, UserError
from legevakt_app.wording import decimal

SAMPLE_NAMES = ("liten-kommune", "interkommunal", "stor-legevakt")
# Seconds per solve: a little above each size's target, so a miss shows as a gap, not a hang.
TIME_LIMITS = {
    "liten-kommune": 10.0, "gen-liten-4x26": 10.0,
    "interkommunal": 30.0, "gen-interkommunal-14x26": 30.0,
    "stor-legevakt": 90.0, "gen-stor-40x52": 90.0,
}  # fmt: skip
DEFAULT_TIME_LIMIT = 90.0


def instances(only: list[str] | None) -> list[tuple[str, object]]:
    from legevakt_app.cli import resolve_path
    from legevakt_app.engine_input import build_problem
    from legevakt_app.project_io import load_project
    from solver.generate import benchmark_instances

    found = [(n, build_problem(load_project(resolve_path(n)))) for n in SAMPLE_NAMES]
    found += benchmark_instances()
    if only:
        unknown = sorted(set(only) - {n for n, _ in found})
        if unknown:
            names = ", ".join(n for n, _ in found)
            raise UserError(f"--only {unknown[0]}: ukjent distrikt (kjente: {names})")
        found = [(n, p) for n, p in found if n in only]
    return found


def _cell(value: object, digits: int = 2) -> str:
    if value is None:
        return "–"
    return decimal(value, digits) if isinstance(value, int | float) else str(value)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{decimal(100 * value, 1)} %"


# the table's columns: heading, width, the cell of a row
COLUMNS = (
    ("distrikt", -24, lambda r: r["instance"]),
    ("leger", 5, lambda r: str(r["doctors"])),
    ("uker", 4, lambda r: _cell(r["weeks"], 0)),
    ("vakter", 6, lambda r: str(r["shifts"])),
    ("alle nivåer bevist", -18, lambda r: f"{r['runs_optimal']} av {r['runs']}"),
    ("første s", 8, lambda r: _cell(r["seconds_to_first_feasible"])),
    ("nivå 1 s", 8, lambda r: _cell(r["seconds_level1"])),
    ("totalt s", 8, lambda r: _cell(r["seconds_total"])),
    ("nivå 1", 8, lambda r: _cell(r["level1"])),
    ("avvik", 6, lambda r: _percent(r["level1_gap"])),
    ("turnus", 8, lambda r: _cell(r["objective"])),
    ("grense", 8, lambda r: _cell(r["bound"])),
    ("perfekt", 8, lambda r: _cell(r["perfect_fairness_bound"])),
    ("minne MB", 8, lambda r: _cell(r["peak_rss_mb"], 0)),
    ("rundgang", 8, lambda r: _cell(r["baseline_objective"])),
    ("reparasjon", -34, lambda r: _repair_cell(r.get("repair"))),
)


def _repair_cell(repair: dict | None) -> str:
    """«5 flyttet (4 måtte), 1,9 s, bevist 3/3»: the published vakter the repair moved, those
    the illness forbade, the time, and in how many of the runs with a rota the fewest moves
    were proven; in how many the illness left no rota at all, and in how many the busiest
    doctor was passed over, her illness proven by counting to leave no rota."""
    if not repair:
        return "–"
    if not repair.get("runs_found"):
        return f"ingen turnus mulig, {_cell(repair['seconds_total'], 1)} s"
    cell = (f"{_cell(repair['moved'], 0)} flyttet ({_cell(repair['forced'], 0)} måtte), "
            f"{_cell(repair['seconds_total'], 1)} s, bevist {repair['runs_proven']}/"
            f"{repair['runs_found']}")
    missing = repair["runs"] - repair["runs_found"]
    passed = repair.get("runs_passed_over", 0)
    return (cell + (f"; ingen turnus mulig i {missing}/{repair['runs']}" if missing else "")
            + (f"; travleste lege hoppet over i {passed}/{repair['runs']} (syk gir det "
               "ingen turnus)" if passed else ""))


def bench_table(rows: list[dict], repeats: int, workers: int) -> str:
    """The benchmark as a text table in Norwegian, with a decimal comma."""

    def line(cells: list[str]) -> str:
        return "  ".join(f"{c:<{-w}}" if w < 0 else f"{c:>{w}}"
                       for c, (_, w, _) in zip(cells, COLUMNS, strict=True)).rstrip()

    out = [line([h for h, _, _ in COLUMNS])]
    out += [line([cell(r) for _, _, cell in COLUMNS]) for r in rows]
    threads = "tråd" if workers == 1 else "tråder"
    out.append(
        f"Medianer av {repeats} kjøringer med {workers} {threads}. Største vektede belastning per "
        "enhet rettferdig andel (lavere er rettferdigere): «nivå 1» er optimum for målnivå 1 "
        "(bevist når avviket fra grensen er innenfor ett trinn på 1 %), «turnus» den leverte "
        "turnusen, som kan bruke rettferdighetsmarginen for netter, helger og avstand; "
        "«rundgang» er en enkel turnus på omgang, slik den lages for hånd i dag. "
        "«alle nivåer bevist»: i hvor mange kjøringer alle nivåer ble bevist optimale. "
        "«reparasjon»: turnusen publisert, så blir legen med flest vakter i to uker midt i "
        "perioden syk i de to ukene, og turnusen repareres (--repair): publiserte vakter som "
        "ble flyttet, hvor mange av dem sykdommen tvang bort, tiden, og i hvor mange kjøringer "
        "færrest mulige flyttinger ble bevist (der sykdommen gjør turnusen umulig, forklares "
        "det i stedet).")
    return "\n".join(out)


def run_bench(args: argparse.Namespace) -> int:
    from solver.bench import run_benchmark

    if args.repeats < 1:
        raise UserError(f"--repeats {args.repeats}: må være minst 1")
    rows = []
    for name, problem in instances(args.only):
        limit = TIME_LIMITS.get(name, DEFAULT_TIME_LIMIT)
        rows += run_benchmark([(name, problem)], repeats=args.repeats, workers=args.workers,
                              time_limit=limit)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return EXIT_OK
    print(bench_table(rows, args.repeats, args.workers))
    return EXIT_OK
