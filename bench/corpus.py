"""The annotated documents that extraction is trained and measured on.

Three sets, each a manifest, its texts and gold JSONL files (docs/pledges.md):
- the seeds, `demo/seeds/` (two real Kazakh texts, in the project);
- the corpus, `../shared/corpus/` (real speeches of several countries and genres;
  on the team's machines and in CI, never copied into the project);
- the development set, `bench/devset/` (hand-written speeches in other styles; never
  trained on, so always a held-out check).

A document's genre (for per-genre figures) is read from its manifest entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "demo" / "seeds"
DEVSET = ROOT / "bench" / "devset"
SHARED = Path(os.environ.get("UADE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

GENRES = ("address", "budget", "interview", "UN/foreign policy", "instructions")


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    delivered_on: date
    kind: str
    genre: str
    source: str  # "seeds", "corpus" or "devset"
    gold: tuple[dict[str, Any], ...]

    def gold_spans(self) -> list[tuple[int, int, dict[str, Any]]]:
        """Return each gold quote's (start, end) in the text, with its line."""
        spans = []
        for item in self.gold:
            start = self.text.find(item["quote"])
            if start < 0:
                raise ValueError(
                    f"{self.name}: gold quote not in the text: {item['quote'][:60]!r}"
                )
            spans.append((start, start + len(item["quote"]), item))
        return spans


def genre_of(entry: dict[str, Any]) -> str:
    """Name the genre of a manifest entry: its kind, refined by title and venue."""
    words = f"{entry.get('title', '')} {entry.get('venue', '')}".lower()
    if entry.get("kind") == "interview":
        return "interview"
    if "budget" in words:
        return "budget"
    if "united nations" in words or "un general assembly" in words:
        return "UN/foreign policy"
    if "instruction" in words:
        return "instructions"
    return "address"


def _load(folder: Path, manifest: Path, texts: Path, source: str) -> list[Document]:
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("gold*/*.jsonl")) + sorted(
        folder.glob("gold*.jsonl")
    ):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold.setdefault(item["file"], []).append(item)
    documents = []
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        if entry["file"] not in gold:
            continue
        documents.append(
            Document(
                name=entry["file"],
                text=(texts / entry["file"]).read_text(encoding="utf-8"),
                delivered_on=date.fromisoformat(entry["delivered_on"]),
                kind=entry.get("kind", "address"),
                genre=genre_of(entry),
                source=source,
                gold=tuple(gold[entry["file"]]),
            )
        )
    return documents


def seeds() -> list[Document]:
    return _load(SEEDS, SEEDS / "addresses.json", SEEDS, "seeds")


def devset() -> list[Document]:
    return _load(DEVSET, DEVSET / "manifest.json", DEVSET, "devset")


def corpus() -> list[Document]:
    """Return the shared corpus's documents ([] where it is not beside us)."""
    if not (CORPUS / "manifest.json").is_file():
        return []
    return _load(CORPUS, CORPUS / "manifest.json", CORPUS / "texts", "corpus")


def real_documents() -> list[Document]:
    """Return every real annotated speech: the seeds and the corpus."""
    return seeds() + corpus()
