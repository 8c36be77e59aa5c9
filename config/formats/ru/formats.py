"""Russian dates: "5 дек 2026", "5 декабря 2026" (the month in the genitive)."""

UADE_DATE = "j b Y"
UADE_LONG_DATE = "j E Y"
