"""Train the sentence model of `commitments/extraction/model.py` (`make train`).

`python -m bench.train` fits a logistic regression on every real annotated document
(the seeds and `../shared/corpus`) and writes `commitments/extraction/model.json`;
it also writes `bench/models/without-seeds.json`, the same fit without the seeds,
which `make test` uses to score the seeds as unseen text.

A sentence is a positive example when it overlaps a gold commitment (core or soft:
both are proposals worth an analyst's look). Only features seen in at least three
training documents enter the model, so no word of one or two speeches can decide. The
probability is calibrated (Platt) and the threshold chosen on predictions for
documents held out of the fit (grouped cross-validation inside the training set), so
that `fit` is honest wherever it is called from, including leave-one-document-out
(`bench/evaluate.py`). Deterministic: the same documents give the same file.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from bench.corpus import ROOT, Document, corpus, real_documents, seeds
from bench.scoring import overlaps
from commitments.extraction.extract import sentence_features
from commitments.extraction.model import MODEL_PATH, Linear, SentenceModel

WITHOUT_SEEDS_PATH = ROOT / "bench" / "models" / "without-seeds.json"
# Regularisation, chosen by leave-one-document-out (bench/evaluate.py --sweep).
C = 0.5
# A feature must occur in this many training documents to be weighed at all (3
# rather than 2 halves the model for 0.001 of held-out F1).
MIN_DOCUMENTS = 3
INNER_FOLDS = 5
# The threshold maximises F-beta on held-out predictions (beta 1: F1; chosen by
# leave-one-document-out, where 1.3 gained 0.02 recall for 0.045 precision).
BETA = 1.0


@dataclass(frozen=True)
class Examples:
    """A document's sentences: features, and whether each is a commitment."""

    name: str
    features: tuple[tuple[str, ...], ...]
    labels: tuple[int, ...]
    core: tuple[int, ...]  # 1 where a sentence meets a gold core commitment

    def commitments(self) -> Examples:
        """Return the commitments alone, labelled core (1) or soft (0)."""
        rows = [i for i, label in enumerate(self.labels) if label]
        return Examples(
            self.name,
            tuple(self.features[i] for i in rows),
            tuple(self.core[i] for i in rows),
            tuple(self.core[i] for i in rows),
        )

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        """Every feature some sentence of the document has, sorted."""
        return tuple(sorted({name for row in self.features for name in row}))

    @functools.cached_property
    def rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The sentences as CSR (indptr, indices) over `names`."""
        column = {name: index for index, name in enumerate(self.names)}
        indptr, indices = [0], []
        for row in self.features:
            indices.extend(sorted(column[name] for name in row))
            indptr.append(len(indices))
        return np.array(indptr), np.array(indices, dtype=np.int64)


_EXAMPLES: dict[tuple[str, str], Examples] = {}


def examples(document: Document) -> Examples:
    """Return the document's sentences as feature lists with gold labels."""
    key = (document.source, document.name)
    if key not in _EXAMPLES:
        _EXAMPLES[key] = _examples(document)
    return _EXAMPLES[key]


def _examples(document: Document) -> Examples:
    gold = document.gold_spans()
    rows, labels, core = [], [], []
    for seg, names in sentence_features(
        document.text, delivered_on=document.delivered_on, kind=document.kind
    ):
        if names is None:
            continue
        met = [
            item["tier"]
            for start, end, item in gold
            if overlaps((seg.start, seg.end), (start, end))
        ]
        rows.append(tuple(names))
        labels.append(int(bool(met)))
        core.append(int("core" in met))
    return Examples(document.name, tuple(rows), tuple(labels), tuple(core))


def _vocabulary(training: Sequence[Examples]) -> dict[str, int]:
    seen = Counter(name for doc in training for name in doc.names)
    kept = sorted(name for name, count in seen.items() if count >= MIN_DOCUMENTS)
    return {name: index for index, name in enumerate(kept)}


def _matrix(training: Sequence[Examples], vocabulary: dict[str, int]) -> csr_matrix:
    """Stack the documents' sentences over `vocabulary`, dropping other features.

    A document's names and the vocabulary are both sorted, so each row's columns
    stay in order.
    """
    indptr, indices = [np.zeros(1, dtype=np.int64)], []
    offset = 0
    for doc in training:
        local_indptr, local_indices = doc.rows
        columns = np.array([vocabulary.get(n, -1) for n in doc.names], dtype=np.int64)
        mapped = columns[local_indices]
        kept = mapped >= 0
        kept_before = np.concatenate(([0], np.cumsum(kept)))
        indptr.append(kept_before[local_indptr[1:]] + offset)
        indices.append(mapped[kept])
        offset += int(kept_before[-1])
    return csr_matrix(
        (np.ones(offset), np.concatenate(indices), np.concatenate(indptr)),
        shape=(sum(len(doc.labels) for doc in training), len(vocabulary)),
    )


def _labels(training: Sequence[Examples]) -> np.ndarray:
    return np.array([label for doc in training for label in doc.labels])


def _fit_linear(
    training: Sequence[Examples], c: float
) -> tuple[dict[str, float], float]:
    vocabulary = _vocabulary(training)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=2000, random_state=0)
    model.fit(_matrix(training, vocabulary), _labels(training))
    weights = {
        name: round(float(model.coef_[0][index]), 4)
        for name, index in vocabulary.items()
        if abs(model.coef_[0][index]) >= 5e-5
    }
    return weights, round(float(model.intercept_[0]), 4)


def _raw_scores(
    weights: dict[str, float], intercept: float, doc: Examples
) -> list[float]:
    return [intercept + sum(weights.get(n, 0.0) for n in row) for row in doc.features]


def fit(
    training: Sequence[Examples], c: float = C, beta: float = BETA
) -> SentenceModel:
    """Fit the sentence model on `training` (at least two documents)."""
    commitment = _fit_calibrated(training, c, beta)
    # Core or soft: the threshold that gets the most tiers right (beta is moot).
    core = _fit_calibrated([doc.commitments() for doc in training], c, None)
    return SentenceModel(commitment, core)


def _fit_calibrated(
    training: Sequence[Examples], c: float, beta: float | None
) -> Linear:
    """Fit, calibrate and choose a threshold: F-beta, or accuracy when beta is None."""
    weights, intercept = _fit_linear(training, c)
    folds = min(INNER_FOLDS, len(training))
    groups = np.arange(len(training))
    scores: list[float] = []
    labels: list[int] = []
    for inner_train, inner_test in GroupKFold(n_splits=folds).split(
        groups, groups=groups
    ):
        inner_weights, inner_intercept = _fit_linear(
            [training[i] for i in inner_train], c
        )
        for i in inner_test:
            scores.extend(_raw_scores(inner_weights, inner_intercept, training[i]))
            labels.extend(training[i].labels)
    platt = LogisticRegression(C=1e4, solver="lbfgs")
    platt.fit(np.array(scores).reshape(-1, 1), np.array(labels))
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probabilities = 1 / (1 + np.exp(-(a * np.array(scores) + b)))
    threshold = _best_threshold(probabilities, np.array(labels), beta)
    return Linear(weights, intercept, (round(a, 4), round(b, 4)), threshold)


def _best_threshold(
    probabilities: np.ndarray, labels: np.ndarray, beta: float | None
) -> float:
    best, best_score = 0.5, -1.0
    positives = labels.sum()
    for threshold in np.arange(0.05, 0.951, 0.01):
        chosen = probabilities >= threshold
        hits = (chosen & (labels == 1)).sum()
        if beta is None:
            value = (chosen == (labels == 1)).mean()
        elif not hits:
            continue
        else:
            precision, recall = hits / chosen.sum(), hits / positives
            value = (1 + beta**2) * precision * recall / (beta**2 * precision + recall)
        if value > best_score:
            best, best_score = round(float(threshold), 2), value
    return best


def main() -> int:
    documents = real_documents()
    if not corpus():
        print("make train needs ../shared/corpus beside the project", file=sys.stderr)
        return 2
    shipped = fit([examples(d) for d in documents])
    MODEL_PATH.write_text(shipped.to_json() + "\n", encoding="utf-8")
    seed_names = {d.name for d in seeds()}
    held_out = fit([examples(d) for d in documents if d.name not in seed_names])
    WITHOUT_SEEDS_PATH.parent.mkdir(exist_ok=True)
    WITHOUT_SEEDS_PATH.write_text(held_out.to_json() + "\n", encoding="utf-8")
    for path, model in ((MODEL_PATH, shipped), (WITHOUT_SEEDS_PATH, held_out)):
        size = Path(path).stat().st_size // 1024
        print(
            f"{path.relative_to(ROOT)}: {len(model.commitment.weights):,} and "
            f"{len(model.core.weights):,} features, {size} KB, thresholds "
            f"{model.commitment.threshold} and {model.core.threshold}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
