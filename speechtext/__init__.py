"""How speech texts are read: sentences, interview turns, clauses, references back.

Pure Python, no Django, and below every app: addresses' segmentation, extraction and
linking all read texts through it, so a sentence, a turn or a clause is the same
thing to each of them.

- `sentences`: split a text into sentences, list items and headings, with offsets;
- `turns`: who speaks each turn of an interview;
- `clauses`: clause breaks, and sentences that point back at an earlier one.
"""
