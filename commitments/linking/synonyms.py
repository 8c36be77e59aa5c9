"""Synonym groups for linking, read from text files an analyst can extend.

A file holds one group a line, its words separated by spaces; blank lines and what
follows a "#" are ignored. The groups that ship with Uade are in `synonyms.txt`
beside this module; a deployment may add its own file (the `UADE_SYNONYMS_FILE`
setting), whose groups are added to them.
"""

from __future__ import annotations

import functools
from pathlib import Path

PACKAGED_SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


def read_synonym_groups(path: str | Path) -> tuple[str, ...]:
    """Return the groups of one synonym file, lower-cased, in file order."""
    groups: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].lower().split()
        if words:
            groups.append(" ".join(words))
    return tuple(groups)


@functools.lru_cache(maxsize=1)
def packaged_synonym_groups() -> tuple[str, ...]:
    """The groups that ship with Uade (`synonyms.txt`)."""
    return read_synonym_groups(PACKAGED_SYNONYMS_FILE)


def synonym_groups(*extra_files: str | Path) -> tuple[str, ...]:
    """The packaged groups followed by those of `extra_files` (empty paths skipped).

    A missing or unreadable extra file raises OSError: a deployment that names one
    expects it to count.
    """
    groups = list(packaged_synonym_groups())
    for path in extra_files:
        if isinstance(path, Path) or path.strip():
            groups.extend(read_synonym_groups(path))
    return tuple(groups)
