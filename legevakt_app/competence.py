"""Vaktkompetanse derived from a doctor's facts (akuttmedisinforskriften § 7).

Competence is never typed in: it follows from the facts and the project's chosen rule
version, because the law has changed before and may change again (DOMAIN.md rule 2).
"""

from __future__ import annotations

from dataclasses import dataclass

from legevakt_app.domain import COMPETENCE_RULE_LABELS, CompetenceFacts, CompetenceRule
from legevakt_app.wording import number as _years

MIN_CLINICAL_MONTHS = 30
MIN_LEGEVAKTER = 40
MIN_YEARS_ALLMENNLEGE = 1.0
COURSES_MISSING = "Mangler påkrevde kurs (akuttmedisin, volds- og overgrepshåndtering)"


@dataclass(frozen=True)
class CompetenceVerdict:
    competent: bool
    reason: str  # Norwegian, shown in the Leger view and in reports

    @property
    def label(self) -> str:
        return "vaktkompetent" if self.competent else "trenger bakvakt"


def derive_competence(facts: CompetenceFacts, rule: CompetenceRule) -> CompetenceVerdict:
    """Decide whether a doctor may have vakt alone under ``rule``.

    ``akuttmedisinforskriften_2020``: specialist in allmennmedisin, or ≥ 30 months of clinical
    service after graduation *and* (≥ 40 legevakter or ≥ 1 year as allmennlege in the
    municipal service). ``lis1_sufficient``: the same, or a completed LIS1.
    Under both rules the required courses (akuttmedisin, volds- og overgrepshåndtering)
    must be done.
    """
    rule_name = COMPETENCE_RULE_LABELS[rule]
    if not facts.courses_done:
        # and what else is missing, so the leader sees the whole way there at once
        rest = derive_competence(facts.model_copy(update={"courses_done": True}), rule)
        return CompetenceVerdict(False, COURSES_MISSING + (
            "" if rest.competent else f"; dessuten {_missing(facts, rule_name)}"))
    if facts.specialist_allmennmedisin:
        return CompetenceVerdict(True, "Spesialist i allmennmedisin")
    if facts.clinical_months >= MIN_CLINICAL_MONTHS:
        if facts.legevakter_done >= MIN_LEGEVAKTER:
            return CompetenceVerdict(
                True,
                f"{facts.clinical_months} mnd klinisk tjeneste og "
                f"{facts.legevakter_done} legevakter",
            )
        if facts.years_allmennlege >= MIN_YEARS_ALLMENNLEGE:
            return CompetenceVerdict(
                True,
                f"{facts.clinical_months} mnd klinisk tjeneste og "
                f"{_years(facts.years_allmennlege)} år som allmennlege",
            )
    if rule == "lis1_sufficient" and facts.lis1_completed:
        return CompetenceVerdict(True, f"Fullført LIS1 ({rule_name})")
    return CompetenceVerdict(False, f"Ikke vaktkompetent {_missing(facts, rule_name)}")


def _missing(facts: CompetenceFacts, rule_name: str) -> str:
    """«etter <rule>: 6 av 30 mnd klinisk tjeneste; …»: the months and legevakter (or years
    as allmennlege) still to go, for a doctor the rule does not yet make vaktkompetent."""
    missing: list[str] = []
    if facts.clinical_months < MIN_CLINICAL_MONTHS:
        missing.append(
            f"{facts.clinical_months} av {MIN_CLINICAL_MONTHS} mnd klinisk tjeneste"
        )
    if (
        facts.legevakter_done < MIN_LEGEVAKTER
        and facts.years_allmennlege < MIN_YEARS_ALLMENNLEGE
    ):
        missing.append(
            f"{facts.legevakter_done} av {MIN_LEGEVAKTER} legevakter og "
            f"{_years(facts.years_allmennlege)} av 1 år som allmennlege"
        )
    return f"etter {rule_name}: " + "; ".join(missing)
