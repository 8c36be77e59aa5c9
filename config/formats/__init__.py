"""Uade's date formats per language, found through `FORMAT_MODULE_PATH`.

Templates name them (`{{ day|date:"UADE_DATE" }}`); Python uses
`django.utils.formats.date_format(day, "UADE_DATE")`. Every language in
`LANGUAGES` defines both, or the date filter would print the name's letters as a
format.
"""
