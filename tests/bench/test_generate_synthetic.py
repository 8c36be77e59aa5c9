"""`manage.py generate_synthetic`: a deterministic, valid record at any size."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from addresses.models import Address, Segment
from addresses.segmentation import segment
from addresses.text import decode_text
from bench import synthetic
from commitments.models import Candidate, Commitment, Extraction, Mention
from dashboard.links import commitment_url
from tracking.models import ProgressUpdate
from tracking.reminders import ANALYSTS_GROUP

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SMALL = {"commitments": 40, "updates": 300, "addresses": 3}


def _generate(seed: int = 7) -> synthetic.Summary:
    return synthetic.generate(seed=seed, **SMALL)


def _digest() -> str:
    """The content of a run, without ids (they come from sequences)."""
    parts: list[object] = []
    parts += Address.objects.order_by("slug").values_list(
        "slug", "title", "kind", "delivered_on", "sha256", "speaker__name"
    )
    parts += Commitment.objects.order_by("title", "created_at").values_list(
        "title",
        "status",
        "deadline",
        "target",
        "actor",
        "is_published",
        "created_at",
        "status_changed_at",
        "last_progress_at",
    )
    parts += Mention.objects.order_by("quote", "address__slug", "start").values_list(
        "quote", "address__slug", "start", "kind", "commitment__title"
    )
    parts += Candidate.objects.order_by("address__slug", "start", "state").values_list(
        "address__slug", "start", "end", "state"
    )
    parts += ProgressUpdate.objects.order_by("created_at", "note").values_list(
        "commitment__title", "status", "note", "evidence_url", "created_at"
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _digest_of_run(seed: int) -> str:
    """Generate, digest, and roll the run back, as if into a fresh database."""
    savepoint = transaction.savepoint()
    _generate(seed)
    digest = _digest()
    transaction.savepoint_rollback(savepoint)
    return digest


def test_generate_writes_the_counts_asked() -> None:
    summary = _generate()

    assert Commitment.objects.count() == summary.commitments == 40
    assert ProgressUpdate.objects.count() == summary.updates == 300
    assert Address.objects.count() == summary.addresses == 3
    assert Extraction.objects.filter(state="done").count() == 3
    assert Mention.objects.filter(kind="original").count() == 40
    assert Mention.objects.count() == summary.mentions
    assert 20 <= Candidate.objects.pending().count() == summary.pending_candidates <= 50
    for address in Address.objects.all():
        assert 3000 <= address.word_count <= 8100
        assert address.extraction.candidates == address.candidates.count()


def test_same_seed_gives_the_same_content_and_another_seed_does_not() -> None:
    first = _digest_of_run(seed=3)

    assert _digest_of_run(seed=3) == first
    assert _digest_of_run(seed=4) != first


def test_quotes_and_segments_are_spans_of_their_address_text() -> None:
    _generate()

    for mention in Mention.objects.select_related("address"):
        assert mention.address.text[mention.start : mention.end] == mention.quote
    for candidate in Candidate.objects.select_related("address"):
        assert (
            candidate.address.text[candidate.start : candidate.end] == candidate.quote
        )
    for address in Address.objects.all():
        # Stored exactly as the importer would store and cut it.
        assert decode_text(address.text.encode()) == address.text
        stored = list(
            Segment.objects.filter(address=address).values_list("start", "end", "kind")
        )
        cut = segment(address.text, kind=address.kind, interviewee=address.speaker.name)
        assert stored == [(span.start, span.end, span.kind) for span in cut]


def test_status_and_times_follow_each_commitments_latest_update() -> None:
    _generate()

    for commitment in Commitment.objects.prefetch_related("progress_updates"):
        updates = sorted(commitment.progress_updates.all(), key=lambda u: u.created_at)
        if not updates:
            assert commitment.status == "not_rated"
            assert commitment.last_progress_at is None
            continue
        latest = updates[-1]
        assert commitment.status == latest.status
        assert commitment.last_progress_at == latest.created_at
        # The first update of the final run of equal ratings set the status.
        run = len(updates) - 1
        while run > 0 and updates[run - 1].status == latest.status:
            run -= 1
        changed = updates[run]
        assert commitment.status_changed_at == changed.created_at
        assert updates[0].created_at.date() >= commitment.first_made_on


def test_rows_pass_the_models_own_validation_and_search_finds_them() -> None:
    _generate()

    for update in ProgressUpdate.objects.select_related("commitment"):
        update.full_clean()
        if update.evidence_on is not None:
            assert update.commitment.first_made_on <= update.evidence_on
            assert update.evidence_on <= update.created_at.date()
    for commitment in Commitment.objects.all():
        commitment.full_clean(exclude=["assignee"])
        assert commitment.search_vector
    title_word = Commitment.objects.order_by("pk")[0].title.split()[-1]
    assert Commitment.objects.search(title_word).exists()


def test_public_pages_render_the_synthetic_record() -> None:
    _generate()
    client = Client()
    commitment = Commitment.objects.published().filter(mentions__isnull=False)[0]
    address = Address.objects.order_by("pk")[0]

    assert client.get("/").status_code == 200
    assert client.get("/commitments/").status_code == 200
    assert client.get(commitment_url(commitment)).status_code == 200
    assert client.get(address.get_absolute_url()).status_code == 200


def test_synthetic_analysts_can_work_through_the_review_queue() -> None:
    _generate()
    client = Client()
    client.force_login(User.objects.get(username=f"{synthetic.ANALYST_PREFIX}0"))
    queued = Address.objects.filter(candidates__state="pending").distinct().get()

    response = client.get(reverse("workspace:review", kwargs={"slug": queued.slug}))

    assert response.status_code == 200
    assert User.objects.filter(groups__name=ANALYSTS_GROUP).count() == 6


def test_generate_refuses_a_second_load() -> None:
    _generate()

    with pytest.raises(CommandError, match="already loaded"):
        call_command("generate_synthetic", "--commitments", "1", stdout=StringIO())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--commitments", "-1"], "cannot be negative"),
        (["--updates", "-5"], "cannot be negative"),
        (["--commitments", "5", "--addresses", "0"], "at least one address"),
        (["--commitments", "0", "--updates", "5"], "at least one commitment"),
    ],
)
def test_bad_arguments_are_refused(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_synthetic", *arguments, stdout=StringIO())
    assert not Address.objects.exists()


def test_command_prints_counts_and_seconds() -> None:
    out = StringIO()
    call_command(
        "generate_synthetic",
        "--commitments",
        "5",
        "--updates",
        "20",
        "--addresses",
        "1",
        "--seed",
        "2",
        stdout=out,
    )

    assert "5 commitments" in out.getvalue()
    assert "20 progress updates" in out.getvalue()
    assert out.getvalue().rstrip().endswith(" s.")
