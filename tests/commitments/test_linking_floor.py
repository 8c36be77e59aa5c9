"""Linking's quality floor, measured through the product as `make eval` measures it."""

from __future__ import annotations

import pytest

from addresses.models import Address
from bench.linking_pipeline import measure, prepare
from speechtext.sentences import segment

pytestmark = pytest.mark.django_db


def test_linking_finds_the_reported_commitment_for_most_evidence():
    prepare()

    figures = measure()

    assert figures["evidence_items"] == 21
    assert figures["recall_at_3"] >= 0.80
    assert figures["top1"] >= 0.60
    # Analysts review each suggested sentence: fewer than three in ten of the
    # interview's sentences may be put to them (127 of its 510 are).
    interview = Address.objects.get(kind="interview")
    sentences = segment(interview.text, interview=True)
    assert figures["suggested_sentences"] <= 0.3 * len(sentences)
