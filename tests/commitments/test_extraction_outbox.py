"""The extraction outbox: an import never loses its extraction, whatever fails."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
import time_machine
from django.db import OperationalError
from kombu.exceptions import OperationalError as BrokerError

from addresses.services import AddressInput
from commitments import services, tasks
from commitments.models import Candidate, Extraction, ExtractionState
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

SPEECH = (
    "State of the Nation\n\n"
    "I instruct the Government to adopt a new Water Code by the end of the year.\n"
)
DETAILS = AddressInput(
    title="Address", speaker="A. President", delivered_on="2025-09-01"
)


@pytest.fixture
def broker_down(monkeypatch):
    """Sending a task fails as it does when the broker is unreachable."""

    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.extract_candidates, "delay", refuse)


def test_import_stores_the_speech_with_a_pending_extraction_in_one_transaction(
    django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        address = services.import_address(SPEECH, DETAILS)

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.PENDING
    assert "Connection refused" in extraction.error
    assert not Candidate.objects.filter(address=address).exists()


def test_after_a_failed_send_imports_skip_the_broker_for_a_few_seconds(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent: list[int] = []
    monkeypatch.setattr(
        tasks.extract_candidates, "delay", _raise(BrokerError("timed out"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = services.import_address(SPEECH, DETAILS)
    monkeypatch.setattr(tasks.extract_candidates, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.import_address(
            SPEECH + "More.\n", dataclasses.replace(DETAILS, title="Another")
        )

    # The broker was not asked again: a hung one would hold the import for its
    # timeouts. The periodic job sends it.
    assert sent == []
    extraction = Extraction.objects.get(address=second)
    assert extraction.state == ExtractionState.PENDING
    assert "unreachable moments ago" in extraction.error
    assert services.queue_unfinished_extractions().queued == 2
    assert sorted(sent) == sorted([first.pk, second.pk])


def test_imports_try_the_broker_again_once_the_backoff_is_over(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent: list[int] = []
    monkeypatch.setattr(tasks.extract_candidates, "delay", sent.append)
    monkeypatch.setattr(services, "_queue_unreachable_until", time.monotonic() - 1)
    with django_capture_on_commit_callbacks(execute=True):
        address = services.import_address(SPEECH, DETAILS)

    assert sent == [address.pk]


def test_a_refused_import_leaves_no_extraction_row():
    with pytest.raises(services.address_services.ImportRefused):
        services.import_address("", DETAILS)
    assert not Extraction.objects.exists()


def test_import_with_a_working_broker_extracts_and_records_done(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        address = services.import_address(SPEECH, DETAILS)

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.DONE
    assert extraction.runs == 1
    assert (
        extraction.candidates == 1 == Candidate.objects.filter(address=address).count()
    )
    assert extraction.finished_at is not None


def test_pending_extractions_are_queued_by_the_periodic_job_once_the_broker_is_back(
    django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        monkeypatch.setattr(
            tasks.extract_candidates, "delay", _raise(BrokerError("down"))
        )
        address = services.import_address(SPEECH, DETAILS)
    monkeypatch.undo()

    assert tasks.queue_unfinished_extractions() == {"queued": 1, "failed": 0}

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.DONE
    assert Candidate.objects.filter(address=address).count() == 1


def test_the_periodic_job_counts_what_it_could_not_queue(broker_down):
    Extraction.objects.create(address=AddressFactory())

    assert services.queue_unfinished_extractions() == services.QueueResult(0, 1)
    assert Extraction.objects.get().state == ExtractionState.PENDING


def test_the_periodic_job_requeues_only_lost_work(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(tasks.extract_candidates, "delay", sent.append)
    now = dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)
    long_ago, just_now = now - dt.timedelta(hours=2), now - dt.timedelta(minutes=1)
    rows = {
        state_and_age: Extraction.objects.create(
            address=AddressFactory(),
            state=state_and_age[0],
            queued_at=state_and_age[1],
            started_at=state_and_age[1],
            error="x" if state_and_age[0] == ExtractionState.FAILED else "",
        ).pk
        for state_and_age in [
            (ExtractionState.PENDING, None),
            (ExtractionState.QUEUED, long_ago),
            (ExtractionState.QUEUED, just_now),
            (ExtractionState.RUNNING, long_ago),
            (ExtractionState.RUNNING, just_now),
            (ExtractionState.DONE, long_ago),
            (ExtractionState.FAILED, long_ago),
        ]
    }

    result = services.queue_unfinished_extractions(
        now=now, stale=dt.timedelta(minutes=30)
    )

    assert result.queued == 3
    assert sorted(sent) == sorted(
        [
            rows[(ExtractionState.PENDING, None)],
            rows[(ExtractionState.QUEUED, long_ago)],
            rows[(ExtractionState.RUNNING, long_ago)],
        ]
    )


def test_an_extractor_error_is_recorded_as_a_failure_with_its_reason(monkeypatch):
    address = AddressFactory(text=SPEECH)
    Extraction.objects.create(address=address)
    monkeypatch.setattr(services, "extract", _raise(ValueError("year 12011 is out")))

    assert tasks.extract_candidates(address.pk) == {}

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.FAILED
    assert extraction.error == "The extractor failed: ValueError: year 12011 is out"


def test_transient_database_errors_are_retried_until_they_pass(monkeypatch):
    address = AddressFactory(text=SPEECH)
    real = services.refresh_candidates
    calls: list[int] = []

    def flaky(address_id: int) -> services.RefreshResult:
        calls.append(address_id)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(address_id)

    monkeypatch.setattr(services, "refresh_candidates", flaky)

    tasks.extract_candidates.delay(address.pk)  # eager: retries run at once

    extraction = Extraction.objects.get(address=address)
    assert len(calls) == 3
    assert extraction.state == ExtractionState.DONE
    assert extraction.runs == 3


def test_transient_errors_that_never_pass_end_as_a_recorded_failure(monkeypatch):
    address = AddressFactory(text=SPEECH)
    monkeypatch.setattr(
        services, "refresh_candidates", _raise(OperationalError("database is down"))
    )

    tasks.extract_candidates.delay(address.pk)

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.FAILED
    assert extraction.runs == 6  # the first run and five retries
    assert "database is down" in extraction.error


def test_a_run_that_keeps_killing_its_worker_is_given_up(settings):
    settings.UADE_EXTRACTION_MAX_RUNS = 3
    address = AddressFactory(text=SPEECH)
    # Three runs started and none recorded an outcome: each worker died.
    Extraction.objects.create(address=address, state=ExtractionState.RUNNING, runs=3)

    assert services.run_extraction(address.pk) is None

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.FAILED
    assert "Stopped without finishing 3 times" in extraction.error
    assert not Candidate.objects.filter(address=address).exists()


def test_a_lost_run_below_the_limit_is_run_again():
    address = AddressFactory(text=SPEECH)
    Extraction.objects.create(address=address, state=ExtractionState.RUNNING, runs=1)

    assert services.run_extraction(address.pk) is not None
    assert Extraction.objects.get(address=address).state == ExtractionState.DONE


def test_an_address_deleted_before_its_task_runs_is_skipped():
    address = AddressFactory(text=SPEECH)
    address_id = address.pk
    address.delete()

    assert tasks.extract_candidates(address_id) == {}


@time_machine.travel(dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC), tick=False)
def test_queueing_marks_the_time_and_clears_an_earlier_failure(monkeypatch):
    monkeypatch.setattr(tasks.extract_candidates, "delay", lambda pk: None)
    address = AddressFactory(text=SPEECH)
    Extraction.objects.create(
        address=address, state=ExtractionState.FAILED, error="The extractor failed"
    )

    assert services.queue_extraction(address.pk) is True

    extraction = Extraction.objects.get(address=address)
    assert extraction.state == ExtractionState.QUEUED
    assert extraction.queued_at == dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)
    assert extraction.error == ""


def _raise(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


def test_the_workspace_shows_pending_and_failed_extractions_with_the_reason(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    pending = Extraction.objects.create(address=AddressFactory(title="Spring Address"))
    failed = Extraction.objects.create(
        address=AddressFactory(title="Budget Statement"),
        state=ExtractionState.FAILED,
        error="The extractor failed: ValueError: bad",
    )
    Extraction.objects.create(
        address=AddressFactory(title="Done Speech"), state=ExtractionState.DONE
    )
    analyst = UserFactory()
    analyst.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    client.force_login(analyst)

    page = client.get("/analyst/").content.decode()

    assert "Spring Address" in page
    assert "queued again automatically" in page
    assert "Budget Statement" in page
    assert "The extractor failed: ValueError: bad" in page
    assert f"refresh_candidates {failed.address.slug}" in page
    assert "Done Speech" not in page
    assert pending.address.get_absolute_url() in page
