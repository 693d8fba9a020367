"""Reports on a rota: workload per doctor against the burden figures, firedelt tracking,
the four-doctor threshold and what-if scenarios.

Everything here works from a :class:`legevakt_app.rota_source.RotaSource` (problem + rota),
so it serves an engine-made rota and a hand-made one alike. No Qt is imported here; the
views in ``legevakt_app.ui.report_views`` only display these objects.
"""

from legevakt_app.reports.figures import (
    AML_AVERAGE_LIMIT,
    FIREDELT,
    LIMIT_WITH_LEGEVAKT,
    REFERENCE_FIGURES,
    ReferenceFigure,
)
from legevakt_app.reports.threshold import (
    KommuneThreshold,
    NeedEstimate,
    ThresholdReport,
    doctors_needed,
    threshold_report,
)
from legevakt_app.reports.workload import (
    DistrictLoad,
    DoctorLoad,
    TightSpan,
    WorkloadReport,
    workload_report,
)

__all__ = [
    "AML_AVERAGE_LIMIT",
    "FIREDELT",
    "LIMIT_WITH_LEGEVAKT",
    "REFERENCE_FIGURES",
    "DistrictLoad",
    "DoctorLoad",
    "KommuneThreshold",
    "NeedEstimate",
    "ReferenceFigure",
    "ThresholdReport",
    "TightSpan",
    "WorkloadReport",
    "doctors_needed",
    "threshold_report",
    "workload_report",
]
