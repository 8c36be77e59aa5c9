"""Kazakh dates: "2026 жылғы 5 желтоқсан" (months are not shortened in Kazakh)."""

from django.utils.translation import pgettext_lazy

UADE_DATE = "Y жылғы j E"
UADE_LONG_DATE = "Y жылғы j E"
# Django has no Kazakh number formats: 11 882 and 2,5, as in Russian.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a no-break space
NUMBER_GROUPING = 3

# Inside a date Kazakh writes the month in lower case, where Django's Kazakh
# catalogue capitalises it; the format's `E` reads these (locale/kk), and month
# headings (`F`) keep their capital. Russian takes them in the genitive.
MONTHS_IN_DATES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
