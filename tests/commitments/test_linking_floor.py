"""Linking's quality floor, measured through the product on the demo's annotations."""

from __future__ import annotations

import pytest

from bench.linking_pipeline import measure
from tracking import demo

pytestmark = pytest.mark.django_db


def test_linking_ranks_the_reported_commitment_in_the_top_3_for_most_evidence():
    demo.load_demo()

    figures = measure()

    assert figures["evidence_items"] == 21
    assert figures["recall_at_3"] >= 0.70
    # Analysts review each suggested sentence: linking must stay selective.
    assert figures["suggested_sentences"] <= 90
