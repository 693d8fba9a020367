"""Generate the bundled sample districts (fictional places and people, realistic sizes).

Run ``python samples/make_samples.py`` to rewrite ``samples/*.legevakt.json``; a test checks
that the committed files equal what this script makes, so the samples stay reproducible.
The three basenames (liten-kommune, interkommunal, stor-legevakt) are stable: checks and
benchmarks use them.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from legevakt_app.domain import (  # noqa: E402
    Absence,
    CompetenceFacts,
    District,
    Doctor,
    Exemption,
    FrequencyLimit,
    Kommune,
    Period,
    Project,
    Rules,
    ShiftTemplate,
    Station,
    Wish,
)
from legevakt_app.project_io import dumps_project  # noqa: E402

FIRST = [
    "Kari", "Ola", "Ingrid", "Per", "Solveig", "Lars", "Marte", "Eirik", "Sigrid", "Anders",
    "Hanne", "Jon", "Tone", "Kjetil", "Ragnhild", "Håkon", "Silje", "Torbjørn", "Liv", "Magnus",
    "Astrid", "Vegard", "Guro", "Øystein", "Berit", "Sindre", "Ida", "Trond", "Kristin", "Rune",
    "Maren", "Espen", "Nina", "Arne", "Heidi", "Stian", "Åse", "Geir", "Mari", "Bjørn",
]
LAST = [
    "Fjellvang", "Brekkestø", "Lysaker-Holm", "Nordeng", "Kvitberg", "Sandvold", "Eikrem",
    "Myrseth", "Tindlund", "Strandås", "Hallingset", "Bjørkmo", "Vikhammer", "Solbakk",
    "Grønlid", "Haugsdal", "Fosseng", "Reinvik", "Lundeby", "Moldestad", "Skarholt", "Aasvang",
    "Dalsrud", "Elvestad", "Kroken", "Ospelid", "Rypdal", "Storlien", "Tveitå", "Ulvang",
    "Vardøen", "Yttervik", "Østmo", "Ånestad", "Heggem", "Lianes", "Nesje", "Rognstad",
    "Sæterbø", "Trælvik",
]
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
WEEKDAYS = [0, 1, 2, 3, 4]
WEEKEND = [5, 6]


def competent_facts(rng: random.Random) -> CompetenceFacts:
    if rng.random() < 0.7:
        return CompetenceFacts(
            specialist_allmennmedisin=True,
            clinical_months=rng.randint(60, 360),
            legevakter_done=rng.randint(80, 900),
            years_allmennlege=float(rng.randint(4, 30)),
            lis1_completed=True,
        )
    return CompetenceFacts(
        clinical_months=rng.randint(30, 70),
        legevakter_done=rng.randint(40, 150),
        years_allmennlege=float(rng.randint(1, 4)),
        lis1_completed=True,
    )


def lis1_facts(months: int = 14) -> CompetenceFacts:
    """A doctor not yet vaktkompetent under § 7 (2020): few months, few vakter. LIS1 takes 18
    months (12 in hospital, 6 in a kommune, where the legevakter are): a doctor in it at 13-16
    months has not completed it, an ALIS at 26 has."""
    return CompetenceFacts(clinical_months=months, legevakter_done=12, years_allmennlege=0.0,
                           lis1_completed=months >= 18)


def make_doctor(
    rng: random.Random, index: int, kommune: str, birth_year: int | None = None, **kw: object
) -> Doctor:
    name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7 + 3) % len(LAST)]}"
    fields: dict[str, object] = {
        "id": f"lege{index + 1:02d}",
        "name": name,
        "kommune": kommune,
        "birth_year": birth_year or rng.randint(1966, 1992),
        "competence": competent_facts(rng),
    }
    fields.update(kw)
    return Doctor.model_validate(fields)


def summer_holiday(rng: random.Random, year: int, weeks: int = 3) -> Absence:
    start = date(year, 6, 21) + timedelta(weeks=rng.randint(0, 5))
    start -= timedelta(days=start.weekday())
    return Absence(start=start, end=start + timedelta(days=7 * weeks - 1), kind="ferie")


def liten_kommune() -> Project:
    """One kommune of ~2 500 inhabitants, class 6, four fastleger: the four-doctor case."""
    rng = random.Random(2501)
    kommune = "Lysfjord"
    doctors = [
        make_doctor(rng, 0, kommune),
        make_doctor(rng, 1, kommune),
        make_doctor(
            rng, 2, kommune, birth_year=1968,
            exemptions=[
                Exemption(start=date(2027, 1, 4), end=date(2027, 7, 4),
                          category="over_55", scope="no_nights")
            ],
        ),
        make_doctor(rng, 3, kommune, birth_year=1997, kind="lis1", competence=lis1_facts(16)),
    ]
    doctors[0].unavailable.append(
        Absence(start=date(2027, 2, 22), end=date(2027, 2, 28), kind="ferie")
    )
    doctors[1].unavailable.append(
        Absence(start=date(2027, 4, 12), end=date(2027, 4, 14), kind="kurs")
    )
    doctors[3].wishes.append(Wish(start=date(2027, 5, 17), end=date(2027, 5, 17), wants=False))
    templates = [
        ShiftTemplate(id="dogn", name="Døgnvakt", station="lysfjord", kind="dogn",
                      weekdays=WEEKDAYS, start="16:00", end="08:00", end_day_offset=1,
                      on_site=False, weight=1.0),
        ShiftTemplate(id="helg-dag", name="Helg dag", station="lysfjord", kind="day",
                      weekdays=WEEKEND, start="08:00", end="16:00", on_site=True, weight=1.2),
        ShiftTemplate(id="helg-natt", name="Helg kveld/natt", station="lysfjord", kind="night",
                      weekdays=WEEKEND, start="16:00", end="08:00", end_day_offset=1,
                      on_site=False, weight=1.0),
    ]
    return Project(
        district=District(
            name="Lysfjord legevaktdistrikt",
            kommuner=[Kommune(name=kommune, inhabitants=2480, centrality=6)],
            stations=[Station(id="lysfjord", name="Lysfjord legevakt", kind="central",
                              kommune=kommune)],
        ),
        period=Period(start=date(2027, 1, 4), end=date(2027, 7, 4)),
        doctors=doctors,
        templates=templates,
        rules=Rules(max_in_window=FrequencyLimit(value=1, hard=False)),
    )


def interkommunal() -> Project:
    """Five kommuner (~15 000), a central legevakt and three satellitter, 14 doctors, 26 weeks."""
    rng = random.Random(15000)
    kommuner = [
        Kommune(name="Sørvang", inhabitants=7200, centrality=5),
        Kommune(name="Eikenes", inhabitants=3100, centrality=5),
        Kommune(name="Kvitdal", inhabitants=2200, centrality=6),
        Kommune(name="Myrhavn", inhabitants=1600, centrality=6),
        Kommune(name="Tindøy", inhabitants=900, centrality=6),
    ]
    stations = [
        Station(id="sentral", name="Sørvang legevakt", kind="central", kommune="Sørvang"),
        Station(id="eikenes", name="Eikenes satellitt", kind="satellite", kommune="Eikenes"),
        Station(id="kvitdal", name="Kvitdal satellitt", kind="satellite", kommune="Kvitdal"),
        Station(id="myrhavn", name="Myrhavn satellitt", kind="satellite", kommune="Myrhavn"),
    ]
    homes = ["Sørvang"] * 6 + ["Eikenes"] * 3 + ["Kvitdal"] * 2 + ["Myrhavn"] * 2 + ["Tindøy"]
    doctors = [make_doctor(rng, i, homes[i]) for i in range(14)]
    doctors[5] = make_doctor(rng, 5, homes[5], birth_year=1998, kind="lis1",
                             competence=lis1_facts(13))
    doctors[10] = make_doctor(rng, 10, homes[10], birth_year=1994, kind="alis",
                              competence=lis1_facts(26))
    # 80 % stilling: 80 % of a full practice week (as the Leger table makes it)
    doctors[2] = make_doctor(rng, 2, homes[2], birth_year=1969, legevakt_share=0.5,
                             position_share=0.8, practice_hours_per_week=39.2)
    doctors[13] = make_doctor(rng, 13, homes[13], kind="vikar", legevakt_share=1.5,
                              practice_hours_per_week=0.0)
    for i, doc in enumerate(doctors):
        if i % 3 != 2:
            doc.unavailable.append(summer_holiday(rng, 2027, weeks=2 + (i % 2)))
    doctors[4].unavailable.append(Absence(start=date(2027, 3, 8), end=date(2027, 3, 10),
                                          kind="kurs"))
    doctors[7].unavailable.append(Absence(start=date(2027, 2, 15), end=date(2027, 2, 21),
                                          kind="ferie"))
    doctors[1].wishes.append(Wish(start=date(2027, 3, 25), end=date(2027, 3, 29), wants=False))
    doctors[8].wishes.append(Wish(start=date(2027, 5, 17), end=date(2027, 5, 17), wants=True))
    doctors[3].wishes.append(Wish(start=date(2027, 1, 1), end=date(2027, 7, 4), wants=False,
                                  template="natt"))
    templates = [
        ShiftTemplate(id="kveld", name="Kveld", station="sentral", kind="evening",
                      weekdays=WEEKDAYS, start="16:00", end="23:00", on_site=True, weight=1.0),
        ShiftTemplate(id="natt", name="Natt", station="sentral", kind="night",
                      weekdays=EVERY_DAY, start="23:00", end="08:00", end_day_offset=1,
                      on_site=False, weight=0.6),
        ShiftTemplate(id="helg-dag", name="Helg dag", station="sentral", kind="day",
                      weekdays=WEEKEND, start="08:00", end="23:00", on_site=True, weight=1.2),
        ShiftTemplate(id="sat-helg", name="Helg (video)", station="eikenes", kind="day",
                      weekdays=WEEKEND, start="10:00", end="15:00", on_site=True, weight=1.0),
    ]
    return Project(
        district=District(name="Sørvang interkommunale legevakt", kommuner=kommuner,
                          stations=stations),
        period=Period(start=date(2027, 1, 4), end=date(2027, 7, 4)),
        doctors=doctors,
        templates=templates,
        rules=Rules(max_in_window=FrequencyLimit(value=1, hard=False),
                    max_per_week=FrequencyLimit(value=3, hard=True)),
    )


def stor_legevakt() -> Project:
    """A large legevakt: ~40 doctors, 2–3 parallel in the evening, 1–2 at night, 52 weeks."""
    rng = random.Random(40000)
    kommuner = [
        Kommune(name="Brattlia", inhabitants=38500, centrality=3),
        Kommune(name="Ospvik", inhabitants=14200, centrality=4),
        Kommune(name="Heggestrand", inhabitants=9800, centrality=4),
        Kommune(name="Rypefjell", inhabitants=4300, centrality=5),
    ]
    stations = [
        Station(id="sentral", name="Brattlia legevakt", kind="central", kommune="Brattlia"),
        Station(id="rypefjell", name="Rypefjell satellitt", kind="satellite",
                kommune="Rypefjell"),
    ]
    homes = ["Brattlia"] * 22 + ["Ospvik"] * 9 + ["Heggestrand"] * 6 + ["Rypefjell"] * 3
    doctors = [make_doctor(rng, i, homes[i]) for i in range(40)]
    for i in (6, 17, 29):
        doctors[i] = make_doctor(rng, i, homes[i], birth_year=1996, kind="lis1",
                                 competence=lis1_facts(12 + i % 5))
    for i in (11, 33):
        doctors[i] = make_doctor(rng, i, homes[i], birth_year=1964)
        doctors[i].exemptions.append(Exemption(start=date(2027, 1, 4), end=date(2028, 1, 2),
                                               category="over_55", scope="no_nights"))
    doctors[22].exemptions.append(Exemption(start=date(2027, 6, 1), end=date(2027, 8, 31),
                                            category="right", scope="full"))
    for i in (38, 39):
        doctors[i] = make_doctor(rng, i, homes[i], kind="vikar", legevakt_share=2.0,
                                 practice_hours_per_week=0.0)
    for i, doc in enumerate(doctors):
        doc.unavailable.append(summer_holiday(rng, 2027, weeks=3))
        if i % 4 == 0:
            start = date(2027, 2, 1) + timedelta(days=rng.randint(0, 250))
            doc.unavailable.append(Absence(start=start, end=start + timedelta(days=4),
                                           kind="kurs"))
        if i % 5 == 1:
            start = date(2027, 10, 4) + timedelta(weeks=rng.randint(0, 6))
            doc.unavailable.append(Absence(start=start, end=start + timedelta(days=6),
                                           kind="ferie"))
    templates = [
        ShiftTemplate(id="kveld", name="Kveld", station="sentral", kind="evening",
                      weekdays=WEEKDAYS, start="16:00", end="23:00", required=3, weight=1.0),
        ShiftTemplate(id="helg-dag", name="Helg dag", station="sentral", kind="day",
                      weekdays=WEEKEND, start="08:00", end="16:00", required=2, weight=1.2),
        ShiftTemplate(id="helg-kveld", name="Helg kveld", station="sentral", kind="evening",
                      weekdays=WEEKEND, start="16:00", end="23:00", required=2, weight=1.2),
        ShiftTemplate(id="natt", name="Natt", station="sentral", kind="night",
                      weekdays=EVERY_DAY, start="23:00", end="08:00", end_day_offset=1,
                      required=1, weight=1.3, requires_competent=True),
        ShiftTemplate(id="natt2", name="Natt 2 (helg)", station="sentral", kind="night",
                      weekdays=[4, 5], start="23:00", end="08:00", end_day_offset=1,
                      required=1, weight=1.3, holiday_policy="normal"),
    ]
    return Project(
        district=District(name="Brattlia og omegn legevakt", kommuner=kommuner,
                          stations=stations),
        period=Period(start=date(2027, 1, 4), end=date(2028, 1, 2)),
        doctors=doctors,
        templates=templates,
        rules=Rules(max_in_window=FrequencyLimit(value=1, hard=False),
                    max_per_week=FrequencyLimit(value=2, hard=True)),
    )


SAMPLES = {
    "liten-kommune": liten_kommune,
    "interkommunal": interkommunal,
    "stor-legevakt": stor_legevakt,
}


def sample_path(name: str) -> Path:
    return Path(__file__).resolve().parent / f"{name}.legevakt.json"


def main() -> None:
    for name, make in SAMPLES.items():
        sample_path(name).write_text(dumps_project(make()), encoding="utf-8")
        print(f"wrote {sample_path(name)}")


if __name__ == "__main__":
    main()
