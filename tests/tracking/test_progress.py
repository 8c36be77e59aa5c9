"""tracking.services.record_progress_update and the append-only progress log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError

from commitments.models import Commitment
from tests.factories import AddressFactory, CommitmentFactory, UserFactory
from tracking import services
from tracking.models import AppendOnly, EvidenceKind, ProgressUpdate
from tracking.services import Evidence

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2024, 6, 1)
DECREE = Evidence(
    kind=EvidenceKind.LAW_OR_DECREE,
    url="https://adilet.zan.kz/eng/docs/U2400000001",
    title="Decree No. 1",
    on=dt.date(2024, 5, 20),
)
NEWS = Evidence(kind=EvidenceKind.NEWS_REPORT, url="https://kazinform.kz/news/1")


@pytest.fixture
def analyst():
    return UserFactory(username="analyst")


@pytest.fixture
def commitment():
    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        return CommitmentFactory()


def record(commitment: Commitment, author, **overrides: Any) -> ProgressUpdate:
    arguments: dict[str, Any] = {
        "author": author,
        "status": "in_progress",
        "evidence": DECREE,
        "today": TODAY,
    }
    return services.record_progress_update(commitment.pk, **{**arguments, **overrides})


def state(commitment: Commitment) -> dict[str, Any]:
    commitment.refresh_from_db()
    return {
        "updates": list(ProgressUpdate.objects.order_by("pk").values()),
        "status": commitment.status,
        "status_changed_at": commitment.status_changed_at,
        "version": commitment.version,
        "history": commitment.history.count(),
    }


# ------------------------------------------------------------------- recording


@time_machine.travel(NOW, tick=False)
def test_record_progress_update_appends_an_update_and_sets_the_status(
    commitment, analyst
):
    update = record(commitment, analyst, note="  Decree signed.  ")

    commitment.refresh_from_db()
    assert ProgressUpdate.objects.get() == update
    assert {
        "author": update.author,
        "status": update.status,
        "note": update.note,
        "evidence_kind": update.evidence_kind,
        "evidence_url": update.evidence_url,
        "evidence_title": update.evidence_title,
        "evidence_on": update.evidence_on,
        "created_at": update.created_at,
    } == {
        "author": analyst,
        "status": "in_progress",
        "note": "Decree signed.",
        "evidence_kind": "law_or_decree",
        "evidence_url": "https://adilet.zan.kz/eng/docs/U2400000001",
        "evidence_title": "Decree No. 1",
        "evidence_on": dt.date(2024, 5, 20),
        "created_at": NOW,
    }
    assert commitment.status == "in_progress"
    assert commitment.status_changed_at == update.created_at == NOW
    assert commitment.version == 2


def test_record_progress_update_records_the_status_change_in_the_history(
    commitment, analyst
):
    with time_machine.travel(NOW, tick=False):
        record(commitment, analyst)

    [change] = [change for change in commitment.changes() if change.field == "status"]
    assert (change.changed_at, change.user, change.old, change.new) == (
        NOW,
        analyst,
        "not_rated",
        "in_progress",
    )


def test_record_progress_update_writes_no_update_when_the_status_cannot_be_set(
    commitment, analyst, monkeypatch
):
    def fail(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("the commitment could not be saved")

    monkeypatch.setattr(Commitment, "save", fail)

    with pytest.raises(DatabaseError):
        record(commitment, analyst)

    assert not ProgressUpdate.objects.exists()


def test_record_progress_update_with_the_same_status_keeps_status_changed_at(
    commitment, analyst
):
    with time_machine.travel(NOW, tick=False):
        record(commitment, analyst)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        record(commitment, analyst, evidence=NEWS)

    commitment.refresh_from_db()
    assert ProgressUpdate.objects.count() == 2
    assert commitment.status_changed_at == NOW
    assert commitment.version == 2


def test_record_progress_update_moves_through_the_status_scale(commitment, analyst):
    statuses = []
    for status in ("in_progress", "achieved"):
        record(commitment, analyst, status=status)
        commitment.refresh_from_db()
        statuses.append(commitment.status)

    assert statuses == ["in_progress", "achieved"]
    assert list(
        commitment.progress_updates.order_by("pk").values_list("status", flat=True)
    ) == ["in_progress", "achieved"]


@pytest.fixture
def achieved(commitment, analyst):
    record(commitment, analyst, status="achieved")
    return commitment


@pytest.mark.parametrize("note", ["", "   "])
def test_record_progress_update_refuses_unrating_a_final_status_without_a_note(
    achieved, analyst, note
):
    before = state(achieved)

    with pytest.raises(ValidationError) as refused:
        record(achieved, analyst, status="not_rated", note=note)

    assert "note" in refused.value.message_dict
    assert state(achieved) == before


def test_record_progress_update_allows_unrating_a_final_status_with_a_note(
    achieved, analyst
):
    record(
        achieved,
        analyst,
        status="not_rated",
        note="The decree was annulled by the court.",
    )

    achieved.refresh_from_db()
    assert achieved.status == "not_rated"


def test_record_progress_update_allows_not_rated_from_an_open_status(
    commitment, analyst
):
    record(commitment, analyst, status="in_progress")

    record(commitment, analyst, status="not_rated")

    commitment.refresh_from_db()
    assert commitment.status == "not_rated"


@pytest.mark.parametrize("status", ["stalled", "broken"])
@pytest.mark.parametrize("reason", ["no_funding", "external_shock", "other"])
def test_record_progress_update_records_a_reason_for_stalled_or_broken(
    commitment, analyst, status, reason
):
    update = record(commitment, analyst, status=status, reason=reason)

    assert (update.status, update.reason) == (status, reason)


@time_machine.travel(NOW, tick=False)
def test_record_progress_update_accepts_evidence_dated_today_by_default(
    commitment, analyst
):
    update = services.record_progress_update(
        commitment.pk,
        author=analyst,
        status="in_progress",
        evidence=Evidence(kind=EvidenceKind.NEWS_REPORT, on=TODAY),
    )

    assert update.evidence_on == TODAY


def test_record_progress_update_takes_a_later_speech_as_evidence(commitment, analyst):
    speech = AddressFactory()
    quote = "Dear compatriots"
    start = speech.text.index(quote)

    update = record(
        commitment,
        analyst,
        evidence=Evidence(
            kind=EvidenceKind.LATER_SPEECH,
            title=speech.title,
            on=speech.delivered_on,
            address=speech,
            start=start,
            end=start + len(quote),
        ),
    )

    assert update.evidence_address == speech
    assert update.evidence_quote == quote


def test_record_progress_update_takes_a_whole_later_speech_as_evidence(
    commitment, analyst
):
    speech = AddressFactory()

    update = record(
        commitment,
        analyst,
        evidence=Evidence(kind=EvidenceKind.LATER_SPEECH, address=speech),
    )

    assert update.evidence_address == speech
    assert update.evidence_quote == ""


# -------------------------------------------------------------------- refusals

FUTURE = TODAY + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"evidence": Evidence(kind="law_or_decree", url="ftp://example.org/law")},
            "evidence_url",
            id="ftp url",
        ),
        pytest.param(
            {"evidence": Evidence(kind="news_report", url="javascript:alert(1)")},
            "evidence_url",
            id="javascript url",
        ),
        pytest.param(
            {"evidence": Evidence(kind="news_report", url="kazinform.kz/news/1")},
            "evidence_url",
            id="url without scheme",
        ),
        pytest.param(
            {"evidence": Evidence(kind="news_report", on=FUTURE)},
            "evidence_on",
            id="evidence from the future",
        ),
        pytest.param(
            {"evidence": Evidence(kind="rumour")}, "evidence_kind", id="unknown kind"
        ),
        pytest.param({"evidence": Evidence(kind="")}, "evidence_kind", id="no kind"),
        pytest.param(
            {"evidence": Evidence(kind="later_speech")},
            "evidence_address",
            id="later speech without the speech",
        ),
        pytest.param(
            {"status": "in_progress", "reason": "no_funding"},
            "reason",
            id="reason for in progress",
        ),
        pytest.param(
            {"status": "achieved", "reason": "no_funding"},
            "reason",
            id="reason for achieved",
        ),
        pytest.param(
            {"status": "stalled", "reason": "bad_weather"},
            "reason",
            id="reason not in settings",
        ),
        pytest.param({"status": "forgotten"}, "status", id="unknown status"),
    ],
)
def test_record_progress_update_refused_writes_nothing(
    commitment, analyst, overrides, field
):
    before = state(commitment)

    with pytest.raises(ValidationError) as refused:
        record(commitment, analyst, **overrides)

    assert field in refused.value.message_dict
    assert state(commitment) == before
    assert commitment.status == "not_rated"


def test_record_progress_update_reads_stall_reasons_from_settings(
    commitment, analyst, settings
):
    settings.UADE_STALL_REASONS = {"sanctions": "Sanctions"}

    update = record(commitment, analyst, status="stalled", reason="sanctions")
    with pytest.raises(ValidationError):
        record(commitment, analyst, status="stalled", reason="no_funding")

    assert update.reason == "sanctions"


@time_machine.travel(NOW, tick=False)
def test_record_progress_update_refuses_evidence_dated_tomorrow_by_the_clock(
    commitment, analyst
):
    with pytest.raises(ValidationError):
        services.record_progress_update(
            commitment.pk,
            author=analyst,
            status="in_progress",
            evidence=Evidence(kind="news_report", on=FUTURE),
        )

    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(5, 5, id="empty span"),
        pytest.param(10, 5, id="reversed"),
        pytest.param(0, 10_000, id="past the end"),
        pytest.param(5, None, id="no end"),
    ],
)
def test_record_progress_update_refuses_a_span_outside_the_speech(
    commitment, analyst, start, end
):
    speech = AddressFactory()
    before = state(commitment)

    with pytest.raises(ValidationError) as refused:
        record(
            commitment,
            analyst,
            evidence=Evidence(
                kind="later_speech", address=speech, start=start, end=end
            ),
        )

    assert "evidence_address" in refused.value.message_dict
    assert state(commitment) == before


def test_record_progress_update_refuses_a_span_end_without_a_start(commitment, analyst):
    speech = AddressFactory()

    with pytest.raises(ValidationError):
        record(
            commitment,
            analyst,
            evidence=Evidence(kind="later_speech", address=speech, end=5),
        )

    assert not ProgressUpdate.objects.exists()


def test_record_progress_update_refuses_a_span_without_a_speech(commitment, analyst):
    with pytest.raises(ValidationError):
        record(
            commitment,
            analyst,
            evidence=Evidence(kind="news_report", url=NEWS.url, start=0, end=5),
        )


@pytest.mark.parametrize(
    "evidence",
    [
        pytest.param(Evidence(kind="news_report", title="T" * 301), id="title"),
        pytest.param(
            Evidence(kind="news_report", url="https://example.org/" + "a" * 490),
            id="url",
        ),
    ],
)
def test_record_progress_update_refuses_evidence_longer_than_its_fields(
    commitment, analyst, evidence
):
    with pytest.raises(ValidationError):
        record(commitment, analyst, evidence=evidence)


# ----------------------------------------------------------------- append-only


@pytest.fixture
def update(commitment, analyst):
    return record(commitment, analyst, note="Decree signed.")


def test_progress_update_cannot_be_saved_again(update):
    update.note = "Rewritten."

    with pytest.raises(AppendOnly):
        update.save()

    assert ProgressUpdate.objects.get().note == "Decree signed."


def test_progress_update_cannot_be_deleted(update):
    with pytest.raises(AppendOnly):
        update.delete()

    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_progress_updates_cannot_be_changed_in_bulk(update):
    with pytest.raises(AppendOnly):
        ProgressUpdate.objects.filter(pk=update.pk).update(note="Rewritten.")
    with pytest.raises(AppendOnly):
        ProgressUpdate.objects.all().update(status="broken")
    update.note = "Rewritten."
    # bulk_update runs in an atomic block without a savepoint: give it one.
    with pytest.raises(AppendOnly), transaction.atomic():
        ProgressUpdate.objects.bulk_update([update], ["note"])

    assert ProgressUpdate.objects.get().note == "Decree signed."


def test_progress_updates_cannot_be_deleted_in_bulk(update):
    with pytest.raises(AppendOnly):
        ProgressUpdate.objects.filter(pk=update.pk).delete()
    with pytest.raises(AppendOnly):
        ProgressUpdate.objects.all().delete()

    assert ProgressUpdate.objects.count() == 1


def test_progress_update_keeps_its_commitment_from_being_deleted(update):
    with pytest.raises(ProtectedError):
        update.commitment.delete()

    assert ProgressUpdate.objects.count() == 1


def test_a_correction_is_a_new_update(update, commitment, analyst):
    record(commitment, analyst, status="stalled", reason="no_funding")

    assert list(
        commitment.progress_updates.order_by("pk").values_list("status", "note")
    ) == [("in_progress", "Decree signed."), ("stalled", "")]
