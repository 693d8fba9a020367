"""Per-doctor figures of a rota (solver.metrics), as the result file's summary carries them."""

from __future__ import annotations

import json

from solver.metrics import doctor_metrics
from solver.rota_file import write_rota_file
from tests.solver.helpers import doctor, problem, rota, shift


def test_practice_days_lost_count_only_the_periods_own_days(tmp_path) -> None:
    """A week Mon 04.01 – Sun 10.01: døgnvakt 16–08 on Wednesday (costs Thursday) and on the
    last Sunday (costs Monday 11.01, after the period). The summary counts Thursday only, as
    the reports do (the audit: one doctor per result file one day too many)."""
    p = problem([shift("dogn@wed", 2, 16, 32, kind="dogn", night=True),
                 shift("dogn@sun", 6, 16, 32, kind="dogn", night=True, weekend=True)],
                [doctor("kari", has_practice=True)])
    r = rota(("dogn@wed", "kari"), ("dogn@sun", "kari"))
    assert doctor_metrics(p, r)[0].practice_days_lost == 1
    document = json.loads(write_rota_file(tmp_path / "r.json", p, r).read_text(encoding="utf-8"))
    assert document["doctors_summary"][0]["practice_days_lost"] == 1
