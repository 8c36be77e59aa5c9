"""English dates: "5 Dec 2026", "5 December 2026"."""

UADE_DATE = "j M Y"
UADE_LONG_DATE = "j F Y"
