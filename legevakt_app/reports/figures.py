"""The reference figures a doctor's week is compared with, each with its source.

Values and sources as in ``DOMAIN.md`` ("Figures to report against"). Labels are Norwegian
bokmål because they are shown to users (chart legends, the report text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceFigure:
    key: str
    hours: float  # hours per week
    label: str  # Norwegian, for legends and tables
    source: str  # where the figure comes from
    short_label: str = ""  # Norwegian, for chart legends where space is short
    short_source: str = ""

    @property
    def legend(self) -> str:
        """``"68 t – med legevakt (Ekspertgruppen 2021)"``: value, what, source, in one line."""
        hours = f"{self.hours:g}".replace(".", ",")
        return f"{hours} t – {self.short_label or self.label} ({self.short_source or self.source})"


REFERENCE_FIGURES: tuple[ReferenceFigure, ...] = (
    ReferenceFigure(
        "full_position", 37.5, "Full fastlegestilling (hjemmel)",
        "Handlingsplan for allmennlegetjenesten, årsrapport 2021, kap. 5.1",
        "full stilling", "Handlingsplan 2021, kap. 5.1",
    ),
    ReferenceFigure(
        "without_legevakt", 49.0, "Fastleger uten legevakt, total arbeidstid",
        "Ekspertgruppen om legevakt 2021 (Tidsbruksundersøkelsen 2018)",
        "fastleger uten legevakt", "Ekspertgruppen 2021",
    ),
    ReferenceFigure(
        "all_fastleger", 55.6, "Alle fastleger, gjennomsnitt",
        "Evaluering av fastlegeordningen (FLO)",
        "alle fastleger", "Evaluering av FLO",
    ),
    ReferenceFigure(
        "with_legevakt", 68.0, "Fastleger med legevakt, total arbeidstid",
        "Ekspertgruppen om legevakt 2021 (Tidsbruksundersøkelsen 2018)",
        "fastleger med legevakt", "Ekspertgruppen 2021",
    ),
)  # fmt: skip

LIMIT_WITH_LEGEVAKT = 68.0  # h/week: flag doctors above the survey's legevakt figure
AML_AVERAGE_LIMIT = 48.0  # h in 7 days: arbeidsmiljøloven § 10-5 (1), averaged …
AML_AVERAGE_WEEKS = 8  # … over at most 8 weeks …
AML_WEEK_LIMIT = 50.0  # … but never over 50 h in a single week
AML_SOURCE = (
    "Arbeidsmiljøloven § 10-5 (1): høyst 48 timer i løpet av sju dager, i snitt over høyst "
    "åtte uker, men ikke over 50 timer i noen enkelt uke"
)
FIREDELT = 4.0  # "firedelt vakt": on duty every 4th day (or week) or less often
GRANT_MAX_INHABITANTS = 5000  # legevakttilskudd: fewer than this many inhabitants …
GRANT_CENTRALITY = 6  # … and SSB sentralitetsklasse 6 (handlingsplanen 2021, kap. 1.8.2)
THRESHOLD_SOURCE = (
    "Partssammensatt arbeidsgruppe 2022 (handlingsplanen 2021, kap. 1.8.3): legevaktdistrikter "
    "med fire eller færre fastleger eller der legevaktlegene har mindre enn firedelt vakt"
)
FASTLEGE_KINDS = frozenset({"fastlege", "alis"})  # ALIS hold a fastlege list while training


def count_fastleger(kinds: Iterable[str]) -> int:
    """How many of the doctors of these kinds are fastleger (an ALIS is one, in specialist
    training): the one count behind «herav fastleger» in the report, the Terskel tab and
    ``legevakt check``."""
    return sum(1 for kind in kinds if kind in FASTLEGE_KINDS)
