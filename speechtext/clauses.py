"""Clause breaks inside a sentence, and sentences that point back at an earlier one.

Extraction and linking each need both, but ask different questions, so each has its
own named pattern here:

- Extraction splits a sentence only where it joins two commitments, each with its
  own deadline ("peak emissions by 2030 and reach neutrality by 2060"); a clause
  wrongly split off becomes a candidate of its own, so the break is narrow.
  Linking splits wherever a sentence may report two things ("schools have been
  built, and clinics are being built"); a clause is only one more query, scored at a
  discount, so the break is broad.
- Extraction lends a deadline or an actor to a sentence that opens by pointing back
  ("This must be done by 2025."); lending it to every sentence with an "it" would
  give dates to sentences that have none, so the reference must open the sentence.
  Linking reads a sentence with the one before it when it may name its subject only
  there ("Measures for its modernization have been identified"); that costs little
  when it was not needed, so any such word anywhere counts.

Merging either pair would change what extraction or linking find.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Where one sentence joins two commitments (extraction). An "and" needs at least two
# words after it, so that "… by 2030 and beyond" stays whole. A run of spaces is
# tried from its first space only (the lookbehind; a later start cannot match where
# the first did not), else each start scans the run again.
COMMITMENT_CLAUSE_BREAK = re.compile(
    r"(?:,|(?<!\s))\s++(?:and|while|whereas)\s++(?=\S+\s+\S)|;\s*"
)

# Where one sentence may report two things (linking): "schools have been built, and
# medical facilities are being built in villages".
REPORT_CLAUSE_BREAK = re.compile(
    r",?\s+(?:and|but|while|whereas|as\s+well\s+as)\s+|;\s+|,\s+(?:which|where)\s+"
)

# A sentence that opens by pointing back at the previous one (extraction): "This must
# be done by 2025.", "The relevant legislation …", "To implement the above proposals,
# …". "This year" and "it is" do not point back.
OPENS_WITH_REFERENCE = re.compile(
    r"^(?:[^,]{0,30},\s+|(?:this|next|last)\s+(?:year|month)\s+)?"
    r"(?!this\s+(?:year|month|week|time|autumn|fall|spring|summer|"
    r"winter)\b)(?:this|these|it(?!\s+(?:is|was|will\s+be|has\s+been)\b)|"
    r"they|such|both|all\s+this|all\s+these|"
    r"the\s+(?:above|relevant|corresponding|said|aforementioned|respective)|to\s+"
    r"(?:implement|carry\s+out|achieve|do|fulfil)\s+(?:this|these|the\s+above)|"
    # "Let's pass it this year."
    r"let(?:'s|’s|\s+us)\s+\w+\s+(?:it|them)\b)\b",
    re.IGNORECASE,
)

# Words by which a sentence names its subject only through an earlier sentence
# (linking), anywhere in it: "This will be increased in the future.", "The relevant
# legislation is before Parliament", "Measures for its modernization have been
# identified", "Another 14,000 are under construction", "The second is held up",
# "Nine more have signed".
MENTIONS_REFERENCE = re.compile(
    r"\b(?:this|these|such|it|its|they|their|them|the\s+relevant|another|"
    r"the\s+(?:former|latter|rest)|the\s+(?:first|second|third)(?=\s+(?:is|was|has|"
    r"have|are|were)\b)|[\w,-]+\s+more(?=\s+(?:is|was|has|have|are|were)\b))\b",
    re.IGNORECASE,
)


def clause_spans(sentence: str, breaks: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of the parts of `sentence` between `breaks`.

    The same parts as `breaks.split(sentence)` (for a pattern without groups), with
    their offsets.
    """
    begin = 0
    for match in breaks.finditer(sentence):
        yield begin, match.start()
        begin = match.end()
    yield begin, len(sentence)


def refers_back(sentence: str) -> bool:
    """Tell whether a sentence may name its subject only by reference to an earlier
    one. Deliberately broad ("make it possible" counts): see `MENTIONS_REFERENCE`."""
    return MENTIONS_REFERENCE.search(sentence) is not None
