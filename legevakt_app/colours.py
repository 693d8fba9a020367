"""Colours the window and the exports (PDF, workbook) share, each with the word the legends
use for it, so a leader reads the same colour for the same thing on screen and on paper.

Hex without «#» (as openpyxl takes it); :func:`css` gives the «#RRGGBB» Qt and HTML take.
"""

from __future__ import annotations

# A day the engine counts as a holiday (calendar.holiday_names). Pink, not orange: the absence
# calendar's «Permisjon» is a light orange.
HOLIDAY_COLOUR = "F8D7DA"
CONTINUED_COLOUR = "595959"  # the text of a vakt shown on a later day it runs through
HOLIDAY_COLOUR_WORD = "Rosa"
HOLIDAY_LEGEND = f"{HOLIDAY_COLOUR_WORD}: helligdag"


def css(colour: str) -> str:
    """``colour`` as «#RRGGBB»."""
    return "#" + colour
