"""Reading the record through the API: shapes, visibility, filters, pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from commitments import services as commitment_services
from tests.dashboard.helpers import log, published
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    SpeakerFactory,
    UserFactory,
)
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [row["id"] for row in results(response)]


# ------------------------------------------------------------ one full shape each


def test_commitment_detail_is_the_whole_record(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    address = AddressFactory(
        title="State of the Nation", speaker=speaker, delivered_on=dt.date(2020, 9, 1)
    )
    commitment = published(
        "Build schools",
        address=address,
        changes={"deadline": "2021-12-31", "actor": "Ministry of Education"},
    )
    update = log(
        commitment,
        "in_progress",
        dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC),
        note="Tender announced.",
        kind=EvidenceKind.NEWS_REPORT,
        title="A report",
        url="https://example.org/report",
    )
    commitment.refresh_from_db()
    slug = address.slug

    body = client.get(f"/api/v1/commitments/{commitment.pk}/").json()

    assert body == {
        "id": commitment.pk,
        "title": "Build schools",
        "summary": "",
        "status": "in_progress",
        "status_label": "In progress",
        "status_changed_at": "2021-03-01T15:00:00+06:00",
        "is_overdue": True,
        "area": "education",
        "type": "outcome",
        "actor": "Ministry of Education",
        "target": "",
        "deadline": "2021-12-31",
        "deadline_text": "",
        "first_made_on": "2020-09-01",
        "last_updated_at": "2021-03-01T15:00:00+06:00",
        "latest_update": {
            "id": update.pk,
            "status": "in_progress",
            "evidence_kind": "news_report",
            "evidence_title": "A report",
            "evidence_url": "https://example.org/report",
            "evidence_on": None,
            "created_at": "2021-03-01T15:00:00+06:00",
            "url": f"http://testserver/api/v1/updates/{update.pk}/",
        },
        "mentions": [
            {
                "kind": "original",
                "address": slug,
                "address_title": "State of the Nation",
                "delivered_on": "2020-09-01",
                "quote": commitment.mentions.get().quote,
                "start": commitment.mentions.get().start,
                "end": commitment.mentions.get().end,
                "paragraph": 3,
                "html_url": f"http://127.0.0.1:8000/addresses/{slug}/#p-3",
                "deadline": "2021-12-31",
                "deadline_text": "",
                "target": "",
            }
        ],
        "version": commitment.version,
        "url": f"http://testserver/api/v1/commitments/{commitment.pk}/",
        "html_url": f"http://127.0.0.1:8000/commitments/{commitment.pk}/",
    }


def test_address_detail_gives_its_text_and_paragraphs_only_on_request(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    address = AddressFactory(
        title="Interview",
        speaker=speaker,
        delivered_on=dt.date(2024, 3, 1),
        venue="Egemen Qazaqstan",
        source_url="https://example.org/interview",
        text="Heading\n\nFirst paragraph.\n\nSecond one.\n",
    )
    url = f"/api/v1/addresses/{address.slug}/"
    plain = {
        "slug": address.slug,
        "title": "Interview",
        "speaker": {
            "slug": "kassym-jomart-tokayev",
            "name": "Kassym-Jomart Tokayev",
            "role": "President",
        },
        "kind": "address",
        "delivered_on": "2024-03-01",
        "venue": "Egemen Qazaqstan",
        "language": "en",
        "source_url": "https://example.org/interview",
        "url": f"http://testserver{url}",
        "html_url": f"http://127.0.0.1:8000/addresses/{address.slug}/",
        "commitments_url": "http://testserver/api/v1/commitments/"
        f"?address={address.slug}",
        "text": None,
        "segments": None,
    }

    assert client.get(url).json() == plain
    assert client.get(url, {"include": "text,segments"}).json() == {
        **plain,
        "text": "Heading\n\nFirst paragraph.\n\nSecond one.\n",
        "segments": [
            {
                "position": 1,
                "kind": "heading",
                "speaker_label": "",
                "start": 0,
                "end": 7,
                "text": "Heading",
            },
            {
                "position": 2,
                "kind": "paragraph",
                "speaker_label": "",
                "start": 9,
                "end": 25,
                "text": "First paragraph.",
            },
            {
                "position": 3,
                "kind": "paragraph",
                "speaker_label": "",
                "start": 27,
                "end": 38,
                "text": "Second one.",
            },
        ],
    }


def test_speaker_list_names_those_of_public_speeches(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev", role="P")
    AddressFactory(speaker=speaker)
    AddressFactory(speaker=SpeakerFactory(name="Hidden Person"), is_public=False)

    assert results(client.get("/api/v1/speakers/")) == [
        {
            "slug": "kassym-jomart-tokayev",
            "name": "Kassym-Jomart Tokayev",
            "role": "P",
            "url": "http://testserver/api/v1/speakers/kassym-jomart-tokayev/",
            "addresses_url": "http://testserver/api/v1/addresses/?speaker=kassym-jomart-tokayev",
        }
    ]
    assert client.get("/api/v1/speakers/hidden-person/").status_code == 404


def test_update_detail_is_the_whole_update(client):
    commitment = published("Build schools")
    later = AddressFactory()
    start = later.text.index("We will")
    update = log(
        commitment,
        "stalled",
        dt.datetime(2022, 1, 10, 4, 0, tzinfo=dt.UTC),
        note="No money.",
        kind=EvidenceKind.LATER_SPEECH,
        address=later,
        start=start,
        end=start + 7,
        on=dt.date(2022, 1, 9),
    )

    body = client.get(f"/api/v1/updates/{update.pk}/").json()

    assert body == {
        "id": update.pk,
        "commitment": commitment.pk,
        "status": "stalled",
        "status_label": "Stalled",
        "note": "No money.",
        "reason": "no_funding",
        "evidence_kind": "later_speech",
        "evidence_title": "",
        "evidence_url": "",
        "evidence_on": "2022-01-09",
        "evidence_address": later.slug,
        "evidence_start": start,
        "evidence_end": start + 7,
        "created_at": "2022-01-10T10:00:00+06:00",
        "url": f"http://testserver/api/v1/updates/{update.pk}/",
        "commitment_url": f"http://testserver/api/v1/commitments/{commitment.pk}/",
        "commitment_html_url": f"http://127.0.0.1:8000/commitments/{commitment.pk}/",
    }


def test_areas_count_the_visible_commitments(client):
    published("One")
    published("Two", changes={"area": "health"})
    published("Secret", is_published=False)

    areas = client.get("/api/v1/areas/").json()

    assert areas[areas.index(next(a for a in areas if a["code"] == "education"))] == {
        "code": "education",
        "label": "Education",
        "commitments": 1,
        "commitments_url": "http://testserver/api/v1/commitments/?area=education",
    }
    assert {area["code"]: area["commitments"] for area in areas}["health"] == 1
    assert len(areas) == 19


def test_stats_count_by_status_area_speech_year_and_over_time(client):
    address = AddressFactory(title="The speech", delivered_on=dt.date(2020, 9, 1))
    late = published("Late", address=address, changes={"deadline": "2021-12-31"})
    published("Later", address=address, changes={"deadline": "2030-01-01"})
    published("Hidden", is_published=False)
    log(late, "achieved", dt.datetime(2026, 10, 3, tzinfo=dt.UTC))

    body = client.get("/api/v1/stats/").json()

    zero = dict.fromkeys(
        [
            "not_rated",
            "in_progress",
            "stalled",
            "partially_achieved",
            "achieved",
            "broken",
            "unverifiable",
        ],
        0,
    )
    assert body == {
        "total": 2,
        "overdue": 0,
        "by_status": [
            {"key": "not_rated", "label": "Not yet rated", "count": 1},
            {"key": "in_progress", "label": "In progress", "count": 0},
            {"key": "stalled", "label": "Stalled", "count": 0},
            {"key": "partially_achieved", "label": "Partially achieved", "count": 0},
            {"key": "achieved", "label": "Achieved", "count": 1},
            {"key": "broken", "label": "Not achieved", "count": 0},
            {"key": "unverifiable", "label": "Cannot be verified", "count": 0},
        ],
        "by_area": [{"key": "education", "label": "Education", "count": 2}],
        "by_speech": [{"key": address.slug, "label": "The speech", "count": 2}],
        "by_deadline_year": [
            {"key": "2021", "label": "2021", "count": 1},
            {"key": "2030", "label": "2030", "count": 1},
        ],
        "burn_up": [
            {"month": "2026-10-01", "counts": {**zero, "achieved": 1}},
            {"month": "2026-11-01", "counts": {**zero, "achieved": 1}},
            {"month": "2026-12-01", "counts": {**zero, "achieved": 1}},
        ],
        "as_of": "2026-12-05",
    }
    assert client.get("/api/v1/stats/", {"overdue": "false"}).json()["total"] == 2


# ----------------------------------------------------------------- who sees what


def test_the_public_sees_published_records_only_and_analysts_everything(
    client, analyst_client
):
    shown = published("Shown")
    hidden = published("Hidden", is_published=False)
    secret_speech = AddressFactory(is_public=False)
    hidden_update = log(hidden, "in_progress", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    assert ids(client.get("/api/v1/commitments/")) == [shown.pk]
    assert client.get(f"/api/v1/commitments/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/updates/{hidden_update.pk}/").status_code == 404
    assert results(client.get("/api/v1/updates/")) == []
    assert client.get(f"/api/v1/addresses/{secret_speech.slug}/").status_code == 404
    assert set(ids(analyst_client.get("/api/v1/commitments/"))) == {
        shown.pk,
        hidden.pk,
    }
    assert len(results(analyst_client.get("/api/v1/updates/"))) == 1
    assert (
        analyst_client.get(f"/api/v1/addresses/{secret_speech.slug}/").status_code
        == 200
    )


def test_a_mention_in_a_hidden_speech_is_not_shown_to_the_public(client):
    commitment = published("Said twice")
    hidden = AddressFactory(is_public=False)
    candidate = CandidateFactory(address=hidden)
    commitment_services.merge_candidate(
        candidate.pk, commitment.pk, reviewer=UserFactory()
    )

    mentions = client.get(f"/api/v1/commitments/{commitment.pk}/").json()["mentions"]

    assert [mention["kind"] for mention in mentions] == ["original"]


# ---------------------------------------------------------------------- filters


def test_status_filter_takes_several(client):
    stalled = published("Stalled", status="stalled")
    broken = published("Broken", status="broken")
    published("Achieved", status="achieved")

    found = ids(client.get("/api/v1/commitments/?status=stalled&status=broken"))

    assert set(found) == {stalled.pk, broken.pk}


def test_area_actor_and_search_filters(client):
    schools = published("Build schools", changes={"actor": "Ministry of Education"})
    clinics = published(
        "Open clinics", changes={"area": "health", "actor": "Ministry of Health"}
    )

    assert ids(client.get("/api/v1/commitments/", {"area": "health"})) == [clinics.pk]
    assert ids(client.get("/api/v1/commitments/", {"actor": "education"})) == [
        schools.pk
    ]
    assert ids(client.get("/api/v1/commitments/", {"search": "clinics"})) == [
        clinics.pk
    ]


def test_address_and_speaker_filters(client):
    speaker = SpeakerFactory(name="Somebody Else")
    other = published("Elsewhere", address=AddressFactory(speaker=speaker))
    mine = published("Here")
    slug = mine.mentions.get().address.slug

    assert ids(client.get("/api/v1/commitments/", {"address": slug})) == [mine.pk]
    assert ids(client.get("/api/v1/commitments/", {"speaker": speaker.slug})) == [
        other.pk
    ]
    assert ids(client.get("/api/v1/commitments/", {"address": "no-such"})) == []


def test_deadline_and_overdue_filters(client):
    past = published("Past", changes={"deadline": "2021-12-31"})
    future = published("Future", changes={"deadline": "2030-06-30"})
    done = published("Done", changes={"deadline": "2020-01-01"}, status="achieved")

    assert ids(client.get("/api/v1/commitments/", {"overdue": "true"})) == [past.pk]
    assert set(ids(client.get("/api/v1/commitments/", {"overdue": "false"}))) == {
        future.pk,
        done.pk,
    }
    assert ids(
        client.get(
            "/api/v1/commitments/",
            {"deadline_after": "2021-01-01", "deadline_before": "2029-01-01"},
        )
    ) == [past.pk]


def test_goalposts_moved_filter_and_each_mention_s_own_deadline(client):
    moved = published("Moved", changes={"deadline": "2025-12-31"})
    kept = published("Kept")
    later = AddressFactory(text="A later speech\n\nWe will build schools by 2029.\n")
    commitment_services.merge_candidate(
        CandidateFactory(
            address=later,
            quote="We will build schools by 2029.",
            deadline=dt.date(2029, 12, 31),
        ).pk,
        moved.pk,
        reviewer=UserFactory(),
    )

    found = ids(client.get("/api/v1/commitments/", {"goalposts_moved": "true"}))
    rest = ids(client.get("/api/v1/commitments/", {"goalposts_moved": "false"}))
    mentions = client.get(f"/api/v1/commitments/{moved.pk}/").json()["mentions"]

    assert found == [moved.pk]
    assert rest == [kept.pk]
    assert [mention["deadline"] for mention in mentions] == [
        "2025-12-31",
        "2029-12-31",
    ]


def test_updated_since_filter_reads_the_latest_update(client):
    recent = published("Recent")
    old = published("Old")
    published("Never")
    log(old, "in_progress", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    log(recent, "in_progress", dt.datetime(2026, 11, 1, tzinfo=dt.UTC))

    found = ids(client.get("/api/v1/commitments/", {"updated_since": "2026-01-01"}))

    assert found == [recent.pk]


def test_ordering(client):
    early = published("Early", changes={"deadline": "2025-01-01"})
    late = published("Late", changes={"deadline": "2031-01-01"})
    none = published("None")

    assert ids(client.get("/api/v1/commitments/", {"ordering": "deadline"})) == [
        early.pk,
        late.pk,
        none.pk,
    ]
    assert ids(client.get("/api/v1/commitments/", {"ordering": "-deadline"}))[:2] == [
        late.pk,
        early.pk,
    ]
    # By default the overdue come first.
    assert ids(client.get("/api/v1/commitments/"))[0] == early.pk


def test_update_filters(client):
    one = published("One")
    two = published("Two", changes={"area": "health"})
    first = log(one, "stalled", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = log(two, "achieved", dt.datetime(2026, 2, 1, tzinfo=dt.UTC))

    assert ids(client.get("/api/v1/updates/", {"commitment": one.pk})) == [first.pk]
    assert ids(client.get("/api/v1/updates/", {"status": "achieved"})) == [second.pk]
    assert ids(client.get("/api/v1/updates/", {"area": "health"})) == [second.pk]


def test_address_filters(client):
    speaker = SpeakerFactory(name="Another Speaker")
    old = AddressFactory(delivered_on=dt.date(2019, 1, 1), speaker=speaker)
    new = AddressFactory(delivered_on=dt.date(2024, 1, 1))

    def slugs(**query):
        return [row["slug"] for row in results(client.get("/api/v1/addresses/", query))]

    assert slugs(speaker=speaker.slug) == [old.slug]
    assert slugs(delivered_after="2020-01-01") == [new.slug]
    assert slugs(delivered_before="2020-01-01") == [old.slug]
    assert slugs(kind="interview") == []


def test_an_invalid_filter_is_a_400_naming_it(client):
    response = client.get("/api/v1/commitments/", {"deadline_after": "soon"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"deadline_after"}


# ------------------------------------------------------------------------ pages


def test_pages_hold_up_to_200_rows(client):
    for number in range(3):
        published(f"Commitment {number}")

    page = client.get("/api/v1/commitments/", {"page_size": 2}).json()

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert "page=2" in page["next"]
    assert len(results(client.get("/api/v1/commitments/", {"page_size": 500}))) == 3


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments/",
        "/api/v1/updates/",
        "/api/v1/addresses/",
        "/api/v1/speakers/",
        "/api/v1/areas/",
        "/api/v1/stats/",
    ],
)
def test_query_count_does_not_grow_with_the_page(
    client, path, django_assert_max_num_queries
):
    # The figures of the areas and stats do not page, and count all the same.
    def make(count):
        for number in range(count):
            commitment = published(f"Commitment {number}")
            log(commitment, "in_progress", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    make(2)
    with django_assert_max_num_queries(9) as few:
        assert client.get(path, {"page_size": 200}).status_code == 200
    make(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path, {"page_size": 200}).status_code == 200


def test_a_candidate_is_the_whole_proposal_for_analysts(client, analyst_client):
    existing = published("Existing")
    candidate = CandidateFactory(
        deadline=dt.date(2027, 12, 31),
        deadline_text="by the end of 2027",
        target="100 schools",
        actor="Ministry of Education",
        confidence=0.875,
    )
    candidate.suggestions.create(commitment=existing, score=0.71234, rank=1)

    response = analyst_client.get(f"/api/v1/candidates/{candidate.pk}/")

    assert client.get(f"/api/v1/candidates/{candidate.pk}/").status_code == 401
    assert response.json() == {
        "id": candidate.pk,
        "address": candidate.address.slug,
        "quote": candidate.quote,
        "start": candidate.start,
        "end": candidate.end,
        "tier": "core",
        "deadline": "2027-12-31",
        "deadline_text": "by the end of 2027",
        "target": "100 schools",
        "actor": "Ministry of Education",
        "area": "education",
        "type": "outcome",
        "speaker": "speaker",
        "confidence": 0.875,
        "state": "pending",
        "commitment": None,
        "reviewed_at": None,
        "rejection_reason": "",
        "suggestions": [{"commitment": existing.pk, "score": 0.712}],
    }


def test_the_extraction_state_of_a_speech_for_analysts(analyst_client):
    address = AddressFactory()

    body = analyst_client.get(f"/api/v1/addresses/{address.slug}/extraction/").json()

    assert body == {
        "state": "untracked",
        "detail": "no extraction is recorded for this speech",
        "candidates": None,
        "url": f"http://testserver/api/v1/addresses/{address.slug}/extraction/",
        "candidates_url": "http://testserver/api/v1/candidates/"
        f"?address={address.slug}",
    }


def test_the_candidates_query_count_does_not_grow_with_the_page(
    analyst_client, django_assert_max_num_queries
):
    existing = published("Existing")

    def make(count):
        for _ in range(count):
            candidate = CandidateFactory()
            candidate.suggestions.create(commitment=existing, score=0.5, rank=1)

    make(2)
    with django_assert_max_num_queries(12) as few:
        response = analyst_client.get("/api/v1/candidates/", {"page_size": 200})
        assert response.status_code == 200
    make(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = analyst_client.get("/api/v1/candidates/", {"page_size": 200})
        # With the one accepted as the existing commitment.
        assert len(response.json()["results"]) == 28


# ------------------------------------------------------------ kept answers


def test_a_list_is_kept_until_the_record_changes(
    client, analyst_client, django_assert_max_num_queries
):
    published("Build 300 schools")
    first = client.get("/api/v1/commitments/?page_size=100")

    # Asked again: the record's version, and the answer kept under its tag.
    with django_assert_max_num_queries(1):
        again = client.get("/api/v1/commitments/?page_size=100")
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]

    # An analyst's answer is kept apart from the public's: they see unpublished ones.
    published("Draft", is_published=False)
    assert len(results(analyst_client.get("/api/v1/commitments/?page_size=100"))) == 2
    assert len(results(client.get("/api/v1/commitments/?page_size=100"))) == 1

    # Any change is seen at once, and under another tag.
    published("Double GDP")
    changed = client.get("/api/v1/commitments/?page_size=100")
    assert sorted(row["title"] for row in results(changed)) == [
        "Build 300 schools",
        "Double GDP",
    ]
    assert changed["ETag"] != first["ETag"]


def test_the_figures_are_kept_until_the_record_changes(client):
    commitment = published("Build 300 schools")
    assert client.get("/api/v1/stats/").json()["total"] == 1

    log(commitment, "in_progress", TODAY)
    published("Double GDP")
    figures = client.get("/api/v1/stats/").json()
    assert figures["total"] == 2
    by_status = {row["key"]: row["count"] for row in figures["by_status"]}
    assert by_status["in_progress"] == 1
