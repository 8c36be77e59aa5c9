"""`makemessages` that never guesses: a new or changed string arrives empty, not as
a "fuzzy" copy of a similar one, which Django would not show and could read
wrongly. `make messages` runs it; tests/dashboard/test_i18n.py checks the result.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
