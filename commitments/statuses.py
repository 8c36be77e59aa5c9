"""What each status means, in the words readers see on the methodology page and
analysts see when they rate a commitment."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commitments.models import Status

STATUS_MEANINGS: dict[str, str | Promise] = {
    Status.NOT_RATED: _(
        "No evidence has been assessed yet. Every commitment starts here; it says "
        "nothing about whether the commitment is being kept."
    ),
    Status.IN_PROGRESS: _(
        "There is evidence of work towards the commitment — a draft law, an "
        "allocation, a programme under way — but it is not yet fulfilled."
    ),
    Status.STALLED: _(
        "Work began or was announced, but nothing has moved for a long time, or it "
        "was suspended; the update says why."
    ),
    Status.PARTIALLY_ACHIEVED: _(
        "Part of what was promised was done: a smaller target, a later date, or "
        "only some of the measures. The update says which part."
    ),
    Status.ACHIEVED: _(
        "What was promised was done, as stated, with evidence such as a law in "
        "force, budget execution or official statistics."
    ),
    Status.BROKEN: _(
        "The commitment was not fulfilled: its deadline passed without it, it was "
        "abandoned or reversed. The update says why."
    ),
    Status.UNVERIFIABLE: _(
        "No public source allows checking whether it happened — the commitment is "
        "too vague, or the data is not published. This is an outcome, not a gap."
    ),
}
