"""The Hjelp menu's texts: how to build a first rota, the keys, and what the app is and rests on.

Plain text in Norwegian bokmål; the window shows each in a message box (F1 opens «Kom i gang»).
"""

from __future__ import annotations

from legevakt_app import __version__
from legevakt_app.reports.figures import REFERENCE_FIGURES
from legevakt_app.wording import number

GETTING_STARTED_TITLE = "Kom i gang"
GETTING_STARTED = """\
Slik lager du den første turnusen (Kontroll-linjen nederst sier hele tiden hva som mangler):

1. Distrikt: kommunene (innbyggere, sentralitetsklasse) og stasjonene — legevakten og eventuelle satellitter.
2. Leger: én rad per lege med type, kommune, fødselsår, vaktandel og kompetanse. Vaktkompetansen regnes ut med en gang, med grunnen; en lege som ikke er vaktkompetent får bakvakt.
3. Vakter og regler: vakttypene per stasjon (dager, Fra/Til, +dager for vakter over midnatt, hva som skjer på helligdager, om samme lege tar hele uka eller helga) og reglene (hviletid, vakthyppighet, rettferdighetsmargin).
4. Fravær og ønsker: marker ferie, kurs og permisjon i kalenderen, legg inn fritak og ønsker.
5. Turnus: «Lag turnus» (F5). Endre en celle ved å dobbeltklikke (den låses, så en ny løsing beholder den), bytt vakter med Ctrl+B, lås og lås opp med Ctrl+L.
6. Belastning og Terskel: timer per uke mot 68 / 49 t, firedelt vakt og firelegegrensen.
7. Fil → Eksporter: Excel (Ctrl+E), PDF eller kalenderfiler. Fil → Lagre (Ctrl+S).

Alt kan angres med Ctrl+Z."""

KEYS_TITLE = "Hurtigtaster"
KEYS = """\
F1  Kom i gang
F5 / Ctrl+R  Lag turnus
Shift+F5  Optimaliser resten (rundt låste celler)
Ctrl+B  Bytt vakt
Ctrl+L  Lås / lås opp valgte celler
Enter / dobbeltklikk  Velg lege for cellen
Ctrl+Z / Ctrl+Y  Angre / gjør om
Ctrl+1 … Ctrl+7  Gå til fanene
Ctrl+S / Ctrl+Shift+S  Lagre / lagre som
Ctrl+E  Eksporter til Excel
Ctrl+O / Ctrl+N  Åpne / nytt prosjekt"""

ABOUT_TITLE = "Om Legevakt"


def about_text() -> str:
    """Version, what the app does, and the sources of the figures it reports against."""
    figures = "\n".join(f"• {number(f.hours)} t: {f.label} — {f.source}"
                        for f in REFERENCE_FIGURES)
    return (f"Legevakt {__version__}\n\n"
            "Lager vaktturnus for et norsk legevaktdistrikt: så jevn belastning som reglene "
            "tillater, med bevis for hvor nær perfekt rettferdighet den er, og en uavhengig "
            "kontroll av hver regel (akuttmedisinforskriften § 7, hviletid, fritak).\n\n"
            f"Tallene arbeidsuka sammenlignes med:\n{figures}\n\n"
            "Ingen medisinske grunner lagres: et fritak har bare kategori, omfang og tidsrom.")
