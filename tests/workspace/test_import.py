"""Importing a speech in the browser: the form, every refusal beside its field with
nothing written, and the extraction's progress until the review page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from addresses.models import Address, Speaker
from commitments import services as commitment_services
from commitments.models import Candidate, Extraction, ExtractionState
from tests.factories import AddressFactory, SpeakerFactory, UserFactory
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

IMPORT = "/analyst/import/"
SPEECH = (
    "Address to the Nation\n\n"
    "Dear compatriots, the year was hard.\n\n"
    "I instruct the Government to build 100 new schools by the end of 2026.\n\n"
    "By 2027 the Ministry of Health will open 20 new clinics in rural areas.\n"
)


def progress_of(slug: str) -> str:
    return f"/analyst/addresses/{slug}/extraction/"


@pytest.fixture
def analyst() -> Any:
    analysts, _ = ensure_groups()
    user = UserFactory(username="ana")
    user.groups.add(analysts)
    return user


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


def metadata(**changes: Any) -> dict[str, Any]:
    return {
        "title": "State of the Nation Address 2025",
        "new_speaker": "Kassym-Jomart Tokayev",
        "speaker_role": "President of the Republic of Kazakhstan",
        "kind": "address",
        "delivered_on": "2025-09-08",
        "venue": "Joint session of Parliament",
        "language": "en",
        "source_url": "https://www.akorda.kz/en/address-2025",
        **changes,
    }


def errors(response: Any) -> dict[str, list[str]]:
    return dict(response.context["form"].errors)


def assert_nothing_written() -> None:
    assert not Address.objects.exists()
    assert not Extraction.objects.exists()
    assert not Speaker.objects.filter(name="Kassym-Jomart Tokayev").exists()


# ----------------------------------------------------------------------- success


def test_the_import_page_offers_paste_upload_and_every_field(
    analyst_client: Client,
) -> None:
    response = analyst_client.get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    for name in (
        "text",
        "file",
        "title",
        "speaker",
        "new_speaker",
        "speaker_role",
        "kind",
        "delivered_on",
        "venue",
        "language",
        "source_url",
    ):
        assert f'name="{name}"' in html
    assert 'type="date"' in html


def test_pasting_a_speech_imports_it_and_goes_on_to_its_progress(
    analyst_client: Client, analyst: Any
) -> None:
    response = analyst_client.post(IMPORT, metadata(text=SPEECH))

    address = Address.objects.get()
    assert response.status_code == 302
    assert response["Location"] == progress_of(address.slug)
    assert address.title == "State of the Nation Address 2025"
    assert address.speaker.name == "Kassym-Jomart Tokayev"
    assert address.speaker.role == "President of the Republic of Kazakhstan"
    assert address.delivered_on == dt.date(2025, 9, 8)
    assert address.venue == "Joint session of Parliament"
    assert address.source_url == "https://www.akorda.kz/en/address-2025"
    assert address.created_by == analyst
    assert address.segments.count() == 4
    # The outbox row is written with the speech; the task is queued after commit.
    assert Extraction.objects.get(address=address).state in (
        ExtractionState.PENDING,
        ExtractionState.QUEUED,
    )


def test_queueing_happens_after_the_import_commits(
    analyst_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        analyst_client.post(IMPORT, metadata(text=SPEECH))
    assert len(callbacks) == 1
    assert Extraction.objects.get().state == ExtractionState.PENDING


def test_uploading_a_file_imports_it(analyst_client: Client) -> None:
    upload = SimpleUploadedFile(
        "speech.txt", SPEECH.encode("utf-16"), content_type="text/plain"
    )
    response = analyst_client.post(IMPORT, metadata(file=upload))

    address = Address.objects.get()
    assert response["Location"] == progress_of(address.slug)
    assert address.text.startswith("Address to the Nation")


def test_an_existing_speaker_can_be_picked_from_the_list(
    analyst_client: Client,
) -> None:
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev", role="President")
    analyst_client.post(
        IMPORT, metadata(text=SPEECH, speaker=speaker.pk, new_speaker="")
    )
    assert Address.objects.get().speaker == speaker
    assert Speaker.objects.count() == 1


def test_a_new_speaker_is_created_by_name(analyst_client: Client) -> None:
    SpeakerFactory(name="Someone Else")
    analyst_client.post(IMPORT, metadata(text=SPEECH))
    assert Address.objects.get().speaker.name == "Kassym-Jomart Tokayev"
    assert Speaker.objects.count() == 2


# ---------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"text": ""}, "text", "text is missing"),
        ({"text": " \n\n \u200b "}, "text", "no letters"),
        ({"text": "Hello\x1b[31m world"}, "text", "control character"),
        ({"title": ""}, "title", "title is missing"),
        ({"title": "A" * 301}, "title", "longer than 300"),
        ({"new_speaker": ""}, "new_speaker", "speaker is missing"),
        ({"new_speaker": "!!!"}, "new_speaker", "no letters or digits"),
        ({"delivered_on": ""}, "delivered_on", "delivery date"),
        ({"delivered_on": "8 Sep 2025"}, "delivered_on", "YYYY-MM-DD"),
        ({"delivered_on": "2025-02-30"}, "delivered_on", "delivery date"),
        ({"delivered_on": "1850-01-01"}, "delivered_on", "1900"),
        ({"source_url": "ftp://example.org/x"}, "source_url", "http(s)"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "http(s)"),
        ({"venue": "Line\tbreak"}, "venue", "control character"),
        ({"kind": "sermon"}, "kind", "valid choice"),
    ],
)
def test_each_refusal_is_shown_beside_its_field_and_nothing_is_written(
    analyst_client: Client, changes: dict[str, str], field: str, words: str
) -> None:
    response = analyst_client.post(IMPORT, metadata(**{"text": SPEECH, **changes}))

    assert response.status_code == 200
    assert field in errors(response), errors(response)
    assert words in " ".join(errors(response)[field])
    assert "Nothing was imported" in response.content.decode()
    assert_nothing_written()


def test_a_future_date_is_refused(analyst_client: Client) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = analyst_client.post(
        IMPORT, metadata(text=SPEECH, delivered_on=tomorrow.isoformat())
    )
    assert "in the future" in errors(response)["delivered_on"][0]
    assert_nothing_written()


def test_a_binary_upload_is_refused_beside_the_file(analyst_client: Client) -> None:
    upload = SimpleUploadedFile("speech.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    response = analyst_client.post(IMPORT, metadata(file=upload))
    assert list(errors(response)) == ["file"]
    assert_nothing_written()


def test_a_file_over_the_limit_is_refused_without_being_read(
    analyst_client: Client, settings: Any
) -> None:
    settings.UADE_MAX_TEXT_BYTES = 100
    upload = SimpleUploadedFile("speech.txt", b"word " * 1000)
    response = analyst_client.post(IMPORT, metadata(file=upload))
    assert "over the" in errors(response)["file"][0]
    assert "MB limit" in errors(response)["file"][0]
    assert_nothing_written()


def test_a_pasted_text_over_the_limit_is_refused(
    analyst_client: Client, settings: Any
) -> None:
    settings.UADE_MAX_TEXT_BYTES = 100
    response = analyst_client.post(IMPORT, metadata(text="word " * 1000))
    assert "MB limit" in errors(response)["text"][0]
    assert_nothing_written()


def test_a_text_over_the_request_limit_is_refused_not_crashed(
    analyst_client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = analyst_client.post(IMPORT, metadata(text="word " * 1000))
    assert response.status_code == 413
    assert "limit" in errors(response)["text"][0]
    assert_nothing_written()


def test_text_and_file_together_are_refused(analyst_client: Client) -> None:
    upload = SimpleUploadedFile("speech.txt", SPEECH.encode())
    response = analyst_client.post(IMPORT, metadata(text=SPEECH, file=upload))
    assert "not both" in errors(response)["file"][0]
    assert_nothing_written()


def test_a_picked_speaker_and_a_new_name_together_are_refused(
    analyst_client: Client,
) -> None:
    speaker = SpeakerFactory(name="Someone Else")
    response = analyst_client.post(IMPORT, metadata(text=SPEECH, speaker=speaker.pk))
    assert "not both" in errors(response)["new_speaker"][0]
    assert not Address.objects.exists()


def test_a_duplicate_text_names_and_links_the_existing_speech(
    analyst_client: Client,
) -> None:
    existing = AddressFactory(text=SPEECH, title="The speech already here")
    response = analyst_client.post(IMPORT, metadata(text=SPEECH))

    [message] = errors(response)["text"]
    assert "already imported as “The speech already here”" in message
    assert f'href="{progress_of(existing.slug)}"' in response.content.decode()
    assert Address.objects.count() == 1
    assert not Extraction.objects.exists()


def test_a_duplicate_upload_is_shown_beside_the_file(analyst_client: Client) -> None:
    AddressFactory(text=SPEECH)
    upload = SimpleUploadedFile("speech.txt", SPEECH.encode())
    response = analyst_client.post(IMPORT, metadata(file=upload))
    assert "already imported" in errors(response)["file"][0]


def test_the_form_keeps_what_was_typed_after_a_refusal(analyst_client: Client) -> None:
    response = analyst_client.post(IMPORT, metadata(text=SPEECH, delivered_on="soon"))
    html = response.content.decode()
    assert "State of the Nation Address 2025" in html
    assert "build 100 new schools" in html


# ------------------------------------------------------------------- permissions


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    for url in (IMPORT, progress_of("any")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    client.post(IMPORT, metadata(text=SPEECH))
    assert not Address.objects.exists()


def test_accounts_without_the_analysts_permissions_get_403(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, metadata(text=SPEECH)).status_code == 403
    assert not Address.objects.exists()


def test_importing_needs_the_permission_to_add_speeches(
    analyst_client: Client, analyst: Any
) -> None:
    analyst.groups.clear()
    analyst.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    assert analyst_client.get(IMPORT).status_code == 403


# ---------------------------------------------------------------------- progress


def imported(client: Client) -> Address:
    client.post(IMPORT, metadata(text=SPEECH))
    return Address.objects.get()


HTMX = {"HX-Request": "true"}


def test_progress_of_a_pending_extraction_polls_and_refreshes_without_script(
    analyst_client: Client,
) -> None:
    address = imported(analyst_client)
    response = analyst_client.get(progress_of(address.slug))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Waiting for the task queue" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{progress_of(address.slug)}"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html


def test_progress_answers_htmx_with_the_status_part_only(
    analyst_client: Client,
) -> None:
    address = imported(analyst_client)
    Extraction.objects.filter(pk=address.pk).update(state=ExtractionState.QUEUED)
    response = analyst_client.get(progress_of(address.slug), headers=HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="extraction-status"' in html
    assert 'aria-current="step">Queued' in html
    assert 'hx-trigger="every 2s"' in html


def test_progress_of_a_running_extraction_says_it_is_reading(
    analyst_client: Client,
) -> None:
    address = imported(analyst_client)
    Extraction.objects.filter(pk=address.pk).update(state=ExtractionState.RUNNING)
    html = analyst_client.get(progress_of(address.slug), headers=HTMX).content.decode()
    assert 'aria-current="step">Reading the speech' in html


def test_a_finished_extraction_lands_on_the_review_page(
    analyst_client: Client,
) -> None:
    address = imported(analyst_client)
    commitment_services.run_extraction(address.pk)
    assert Candidate.objects.filter(address=address).exists()
    review = f"/analyst/addresses/{address.slug}/review/"

    response = analyst_client.get(progress_of(address.slug))
    assert response.status_code == 302
    assert response["Location"] == review

    response = analyst_client.get(progress_of(address.slug), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == review


def test_a_failed_extraction_shows_why_and_stops_polling(
    analyst_client: Client,
) -> None:
    address = imported(analyst_client)
    Extraction.objects.filter(pk=address.pk).update(
        state=ExtractionState.FAILED, error="The worker ran out of memory."
    )
    for headers in ({}, HTMX):
        html = analyst_client.get(progress_of(address.slug), headers=headers)
        text = html.content.decode()
        assert "The extraction failed" in text
        assert "The worker ran out of memory." in text
        assert "hx-trigger" not in text
        assert "http-equiv" not in text


def test_progress_of_an_unknown_speech_is_404(analyst_client: Client) -> None:
    assert analyst_client.get(progress_of("no-such-speech")).status_code == 404
