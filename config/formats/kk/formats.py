"""Kazakh dates: "5 Желтоқсан 2026 ж." (months are not shortened in Kazakh)."""

UADE_DATE = "j F Y ж."
UADE_LONG_DATE = "j F Y ж."
