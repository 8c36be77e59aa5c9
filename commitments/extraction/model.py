"""The learned decision: is this sentence a commitment? (pure Python, no Django).

The rules of `detect` are precise where a speech uses the language they know, and
blind where it does not (a decision in the past tense, an obligation in a budget's
idiom). A linear model trained on real, annotated speeches (`make train`,
`bench/train.py`) weighs the rules' cues together with the sentence's words, its
shape and its neighbours' cues, and gives each sentence a calibrated probability of
being a commitment. A sentence at or above the model's threshold is proposed, and the
probability becomes the candidate's confidence.

The model file is JSON: feature weights, an intercept, a Platt calibration and the
threshold. It holds words and word pairs (each seen in at least three training
documents), never a sentence. Scoring is a dictionary lookup per feature, so it
needs nothing beyond the standard library and costs microseconds per sentence.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY = re.compile(
    r"[$€£₸]|\b(?:dollars?|pesos?|roubles?|rubles?|tenge|billion|million|trillion)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What the model reads of one sentence, beside its neighbours.

    `cues` are the rule cues (`detect.classify`, or the list-item and restatement
    cues the extractor adds); `speaker` is "speaker", "interviewer" or None (a
    reporter's preamble).
    """

    text: str
    cues: tuple[str, ...]
    is_strong: bool
    is_concrete: bool
    is_item: bool
    is_heading: bool
    speaker: str | None
    has_deadline: bool
    has_target: bool
    starts_paragraph: bool


def _tokens(text: str) -> list[str]:
    words = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            token = "<year>" if _YEAR.fullmatch(token) else "<num>"
        words.append(token)
    return words


def _length_bucket(count: int) -> str:
    for bound in (6, 12, 25, 40, 60):
        if count < bound:
            return f"<{bound}"
    return ">=60"


def features(views: Sequence[SentenceView], index: int, kind: str) -> list[str]:
    """Return the binary features of `views[index]` (a name each; duplicates drop)."""
    view = views[index]
    words = _tokens(view.text)
    found = {f"w:{w}" for w in words}
    found.update(f"b:{a}_{b}" for a, b in pairwise(words))
    if words:
        found.add(f"f1:{words[0]}")
        found.add(f"f2:{'_'.join(words[:2])}")
    found.update(f"cue:{cue}" for cue in view.cues)
    found.add(f"len:{_length_bucket(len(words))}")
    found.add(f"kind:{kind}")
    found.add(f"who:{view.speaker}")
    shape = {
        "detected": bool(view.cues),
        "strong": view.is_strong,
        "concrete": view.is_concrete,
        "item": view.is_item,
        "heading": view.is_heading,
        "question": view.text.rstrip().endswith("?"),
        "colon": view.text.rstrip().endswith(":"),
        "deadline": view.has_deadline,
        "target": view.has_target,
        "number": "<num>" in words,
        "year": "<year>" in words,
        "percent": "%" in view.text or "per cent" in view.text or "percent" in words,
        "money": bool(_MONEY.search(view.text)),
        "paragraph_start": view.starts_paragraph,
        "quoted": view.text.lstrip()[:1] in '"“«',
    }
    found.update(f"shape:{name}" for name, on in shape.items() if on)
    for offset, side in ((-1, "prev"), (1, "next")):
        near = index + offset
        if not 0 <= near < len(views):
            found.add(f"{side}:none")
            continue
        other = views[near]
        found.add(f"{side}:detected" if other.cues else f"{side}:plain")
        found.update(f"{side}:cue:{cue}" for cue in other.cues)
        if other.text.rstrip().endswith(":"):
            found.add(f"{side}:colon")
        if other.has_deadline:
            found.add(f"{side}:deadline")
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Linear:
    """A logistic model over binary features, Platt-calibrated, with a threshold."""

    weights: dict[str, float]
    intercept: float
    calibration: tuple[float, float]  # p = sigmoid(a * score + b)
    threshold: float

    def probability(self, feature_names: Sequence[str]) -> float:
        weights = self.weights
        score = self.intercept + sum(weights.get(name, 0.0) for name in feature_names)
        a, b = self.calibration
        return _sigmoid(a * score + b)

    def as_dict(self) -> dict[str, object]:
        return {
            "intercept": self.intercept,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        a, b = data["calibration"]
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            calibration=(float(a), float(b)),
            threshold=float(data["threshold"]),
        )


@dataclass(frozen=True, slots=True)
class SentenceModel:
    """Two decisions: is a sentence a commitment, and if so, is it core?

    Core (docs/pledges.md) is specific and checkable; soft is a direction without a
    deliverable. The second model is trained on commitments only.
    """

    commitment: Linear
    core: Linear

    def to_json(self) -> str:
        return json.dumps(
            {"commitment": self.commitment.as_dict(), "core": self.core.as_dict()},
            indent=0,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> SentenceModel:
        data = json.loads(text)
        return cls(Linear.from_dict(data["commitment"]), Linear.from_dict(data["core"]))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@functools.cache
def shipped_model() -> SentenceModel:
    """Return the committed model, read once per process."""
    return SentenceModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
