"""The review page: a speech's text beside its candidates, and every action on them."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.test import Client

from addresses.models import Address
from commitments import services as commitment_services
from commitments.models import (
    Candidate,
    CandidateState,
    Commitment,
    EvidenceSuggestion,
    MentionKind,
    RestatementSuggestion,
)
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = pytest.mark.django_db

TEXT = (
    "Address on the future\n"
    "\n"
    "Dear compatriots, this year was hard.\n"
    "\n"
    "I instruct the Government to build 100 schools by 2025. "
    "We will open 20 clinics in the regions.\n"
    "\n"
    "The <b>budget</b> will grow & prosper.\n"
)


def review_page(address: Address) -> str:
    return f"/analyst/addresses/{address.slug}/review/"


def action_url(candidate: Candidate) -> str:
    return f"{review_page(candidate.address)}{candidate.pk}/"


def messages_in(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana", first_name="Ana", last_name="Bekova")


@pytest.fixture
def client(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def address() -> Address:
    return AddressFactory(text=TEXT)


def candidate_on(address: Address, quote: str, **fields: Any) -> Candidate:
    return CandidateFactory(address=address, quote=quote, **fields)


@pytest.fixture
def schools(address: Address) -> Candidate:
    return candidate_on(
        address,
        "I instruct the Government to build 100 schools by 2025.",
        deadline_text="by 2025",
    )


@pytest.fixture
def clinics(address: Address) -> Candidate:
    return candidate_on(address, "We will open 20 clinics in the regions.", tier="soft")


def test_review_page_shows_the_text_with_each_candidate_marked(
    client, address, schools, clinics
):
    response = client.get(review_page(address))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="p-1"' in html
    assert 'id="p-3"' in html
    assert f'data-candidate="{schools.pk}"' in html
    assert "cand--core" in html
    assert "cand--soft" in html
    assert "◆ core" in html
    assert "◇ soft" in html
    # Speech text is escaped, never HTML.
    assert "The &lt;b&gt;budget&lt;/b&gt; will grow &amp; prosper." in html
    assert f'id="c-{schools.pk}"' in html
    assert f'id="c-{clinics.pk}"' in html
    assert "0 of 2 reviewed" in html


def test_review_page_needs_an_analyst(address, schools):
    anonymous = Client()
    response = anonymous.get(review_page(address))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    outsider = Client()
    outsider.force_login(UserFactory(username="outsider"))
    assert outsider.get(review_page(address)).status_code == 403
    assert outsider.post(action_url(schools), {"action": "accept"}).status_code == 403
    schools.refresh_from_db()
    assert schools.is_pending


def test_review_page_of_an_unknown_speech_is_404(client):
    assert client.get("/analyst/addresses/no-such-speech/review/").status_code == 404


def test_accepting_with_edited_fields_makes_the_commitment_as_edited(
    client, address, schools, clinics
):
    response = client.post(
        action_url(schools),
        {
            "action": "accept",
            "filter": "pending",
            "title": "Build 100 schools",
            "deadline": "2025-12-31",
            "deadline_text": "by 2025",
            "target": "100 schools",
            "actor": "Government",
            "area": "education",
            "type": "spending",
        },
    )

    schools.refresh_from_db()
    assert schools.state == CandidateState.ACCEPTED
    commitment = schools.commitment
    assert commitment.title == "Build 100 schools"
    assert commitment.deadline == dt.date(2025, 12, 31)
    assert commitment.target == "100 schools"
    assert commitment.actor == "Government"
    assert commitment.type == "spending"
    # Back to the queue, at the next pending candidate.
    assert response.status_code == 302
    assert response["Location"].endswith(f"at={clinics.pk}#c-{clinics.pk}")
    page = client.get(response["Location"])
    assert "Accepted as “Build 100 schools”." in messages_in(page)
    assert "1 of 2 reviewed" in page.content.decode()


def test_accepting_unedited_takes_the_proposed_title(client, address, schools):
    page = client.get(review_page(address)).content.decode()
    assert 'value="Build 100 schools by 2025"' in page

    client.post(action_url(schools), {"action": "accept"})

    schools.refresh_from_db()
    assert schools.commitment.title == "Build 100 schools by 2025"


def test_accepting_with_a_bad_deadline_changes_nothing(client, address, schools):
    response = client.post(
        action_url(schools),
        {"action": "accept", "deadline": "2025-02-30"},
        follow=True,
    )

    schools.refresh_from_db()
    assert schools.is_pending
    assert not Commitment.objects.exists()
    [message] = messages_in(response)
    assert message.startswith("Not saved:")


def test_a_refused_accept_shows_the_typed_fields_again(client, address, schools):
    response = client.post(
        action_url(schools),
        {"action": "accept", "title": "", "target": "100 new schools"},
        follow=True,
    )

    html = response.content.decode()
    assert messages_in(response)[0].startswith("Not saved:")
    assert f'id="c-{schools.pk}-title" name="title" value=""' in html
    assert 'value="100 new schools"' in html
    # Once: a reload proposes the title again.
    again = client.get(review_page(address)).content.decode()
    assert 'value="Build 100 schools by 2025"' in again


def test_each_quote_links_to_its_paragraph(client, address, schools):
    html = client.get(review_page(address)).content.decode()

    assert 'href="#p-3" data-show-span' in html
    assert "¶ 3" in html


def test_merging_into_a_suggested_commitment_adds_a_restatement(
    client, address, schools
):
    earlier = CommitmentFactory(changes={"title": "One hundred new schools"})
    RestatementSuggestion.objects.create(
        candidate=schools, commitment=earlier, score=0.71, rank=1
    )
    page = client.get(review_page(address)).content.decode()
    assert "One hundred new schools" in page
    assert "score 0.71" in page

    response = client.post(
        action_url(schools), {"action": "merge", "commitment": earlier.pk}, follow=True
    )

    schools.refresh_from_db()
    assert schools.state == CandidateState.MERGED
    assert schools.commitment == earlier
    assert earlier.mentions.filter(address=address, kind=MentionKind.RESTATED).exists()
    assert "Merged into “One hundred new schools”." in messages_in(response)


def test_merging_into_a_commitment_found_by_search(client, address, schools):
    found = CommitmentFactory(changes={"title": "Modernise rural clinics"})
    CommitmentFactory(changes={"title": "Reduce officials"})

    page = client.get(
        review_page(address),
        {"q": "clinics", "search_for": schools.pk, "at": schools.pk},
    ).content.decode()
    assert f'<option value="{found.pk}" selected>' in page
    assert "Reduce officials" not in page

    client.post(action_url(schools), {"action": "merge", "commitment": found.pk})

    schools.refresh_from_db()
    assert schools.commitment == found


def test_merging_needs_a_commitment(client, schools):
    response = client.post(action_url(schools), {"action": "merge"}, follow=True)

    schools.refresh_from_db()
    assert schools.is_pending
    assert "Not saved: Choose the commitment to merge it into." in messages_in(response)


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        ({"reason": "Too vague"}, "Too vague"),
        ({"reason": "Duplicate", "reason_detail": "of #12"}, "Duplicate: of #12"),
        ({"reason": "Other", "reason_detail": "A quotation"}, "A quotation"),
    ],
)
def test_rejecting_keeps_the_reason(client, schools, posted, stored):
    client.post(action_url(schools), {"action": "reject", **posted})

    schools.refresh_from_db()
    assert schools.state == CandidateState.REJECTED
    assert schools.rejection_reason == stored


@pytest.mark.parametrize(
    "posted", [{}, {"reason": "Other"}, {"reason": "Because I say so"}]
)
def test_rejecting_without_a_reason_is_refused(client, schools, posted):
    response = client.post(
        action_url(schools), {"action": "reject", **posted}, follow=True
    )

    schools.refresh_from_db()
    assert schools.is_pending
    assert messages_in(response) == ["Not saved: Say why the candidate is rejected."]


def test_a_candidate_reviewed_meanwhile_is_a_conflict_that_changes_nothing(
    client, schools
):
    other = UserFactory(username="bota", first_name="Bota", last_name="Aliyeva")
    commitment_services.reject_candidate(schools.pk, reviewer=other, reason="Too vague")

    response = client.post(
        action_url(schools), {"action": "accept", "title": "Mine"}, follow=True
    )

    schools.refresh_from_db()
    assert schools.state == CandidateState.REJECTED
    assert not Commitment.objects.exists()
    [message] = messages_in(response)
    assert "already rejected" in message
    assert "by Bota Aliyeva" in message
    assert "nothing was changed" in message


def test_a_candidate_of_another_speech_is_404(client, schools):
    other = AddressFactory()
    response = client.post(f"{review_page(other)}{schools.pk}/", {"action": "accept"})

    assert response.status_code == 404


def test_bulk_accept_and_reject_act_on_the_ticked_candidates(
    client, address, schools, clinics
):
    third = candidate_on(address, "Dear compatriots, this year was hard.")
    bulk = f"{review_page(address)}bulk/"

    client.post(bulk, {"action": "accept", "candidate": [schools.pk, clinics.pk]})
    response = client.post(
        bulk,
        {"action": "reject", "candidate": [third.pk], "reason": "Not a commitment"},
        follow=True,
    )

    states = dict(Candidate.objects.values_list("pk", "state"))
    assert states == {
        schools.pk: CandidateState.ACCEPTED,
        clinics.pk: CandidateState.ACCEPTED,
        third.pk: CandidateState.REJECTED,
    }
    assert "Rejected 1 candidates." in messages_in(response)


def test_bulk_reject_without_a_reason_or_selection_changes_nothing(
    client, address, schools
):
    bulk = f"{review_page(address)}bulk/"

    no_reason = client.post(
        bulk, {"action": "reject", "candidate": [schools.pk]}, follow=True
    )
    nothing_ticked = client.post(bulk, {"action": "accept"}, follow=True)

    schools.refresh_from_db()
    assert schools.is_pending
    assert messages_in(no_reason) == [
        "Nothing was changed: Say why the candidate is rejected."
    ]
    assert messages_in(nothing_ticked) == ["Tick the candidates to act on first."]


def test_bulk_with_one_already_reviewed_changes_none(client, address, schools, clinics):
    commitment_services.reject_candidate(
        clinics.pk, reviewer=UserFactory(), reason="Too vague"
    )

    response = client.post(
        f"{review_page(address)}bulk/",
        {"action": "accept", "candidate": [schools.pk, clinics.pk]},
        follow=True,
    )

    schools.refresh_from_db()
    assert schools.is_pending
    assert "nothing was changed" in messages_in(response)[0]


def test_adding_a_missed_passage_makes_a_candidate_of_exactly_it(client, address):
    sentence = "Dear compatriots, this year was hard."
    start = address.text.index(sentence)

    response = client.post(
        f"{review_page(address)}add/",
        # Selections often catch the spaces around a sentence: they are trimmed.
        {"start": start - 2, "end": start + len(sentence) + 1},
    )

    added = Candidate.objects.get()
    assert added.quote == sentence
    assert (added.start, added.end) == (start, start + len(sentence))
    assert added.is_pending
    assert added.added_by is not None
    assert response["Location"].endswith(f"#c-{added.pk}")


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ((0, 100_000), "The passage must lie in the text"),
        ((-1, 5), "The passage must lie in the text"),
        ((10, 10), "The passage must lie in the text"),
        (("a", "b"), "Give the passage's start and end as numbers."),
        ((21, 23), "The passage has no words."),
    ],
)
def test_adding_a_bad_span_is_refused(client, address, span, message):
    response = client.post(
        f"{review_page(address)}add/", {"start": span[0], "end": span[1]}, follow=True
    )

    assert not Candidate.objects.exists()
    assert message in messages_in(response)[0]


def test_adding_a_passage_twice_is_refused(client, address, schools):
    response = client.post(
        f"{review_page(address)}add/",
        {"start": schools.start, "end": schools.end},
        follow=True,
    )

    assert Candidate.objects.count() == 1
    assert "already a candidate" in messages_in(response)[0]


def test_review_resumes_at_the_first_pending_candidate_and_pages(client, address):
    sentence = "We will open 20 clinics in the regions."
    at = address.text.index(sentence)
    # 120 candidates over words of one sentence, the first 60 reviewed.
    made = Candidate.objects.bulk_create(
        Candidate(
            address=address,
            start=at,
            end=at + 1 + index % 30,
            quote=address.text[at : at + 1 + index % 30],
            state=CandidateState.REJECTED if index < 60 else CandidateState.PENDING,
            reviewed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) if index < 60 else None,
            rejection_reason="Too vague" if index < 60 else "",
        )
        for index in range(120)
    )
    ordered = sorted(made, key=lambda candidate: (candidate.start, candidate.pk))
    first_pending = next(c for c in ordered if c.is_pending)

    everything = client.get(review_page(address), {"filter": "all"})
    pending = client.get(review_page(address))

    assert everything.context["at"] == first_pending.pk
    assert first_pending in everything.context["candidates"]
    assert everything.context["page_count"] == 3
    assert len(pending.context["candidates"]) == 50
    assert pending.context["candidates"][0] == first_pending
    assert "60 of 120 reviewed" in pending.content.decode()


def test_review_page_query_count_does_not_grow_with_candidates(
    client, django_assert_max_num_queries
):
    counts = []
    for size in (10, 300):
        filler = "More words of the speech. " * 20
        address = cast(
            Address, AddressFactory(text=f"{TEXT}\n{size} proposals. {filler}\n")
        )
        earlier = CommitmentFactory()
        made = Candidate.objects.bulk_create(
            Candidate(
                address=address,
                start=index % 40,
                end=index % 40 + 5,
                quote=address.text[index % 40 : index % 40 + 5],
            )
            for index in range(size)
        )
        RestatementSuggestion.objects.bulk_create(
            RestatementSuggestion(candidate=c, commitment=earlier, score=0.5, rank=1)
            for c in made
        )
        EvidenceSuggestion.objects.bulk_create(
            EvidenceSuggestion(
                address=address,
                start=index,
                end=index + 5,
                quote=address.text[index : index + 5],
                commitment=earlier,
                score=0.5,
                rank=1,
            )
            for index in range(size)
        )
        with django_assert_max_num_queries(11) as captured:
            response = client.get(review_page(address))
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# ------------------------------------------------------------- suggested evidence


@pytest.fixture
def suggestion(address: Address) -> EvidenceSuggestion:
    """A passage of a later speech that may report progress on a commitment."""
    earlier = CommitmentFactory(
        candidate=CandidateFactory(
            address=AddressFactory(delivered_on=dt.date(2020, 9, 1))
        ),
        changes={"title": "Build 100 schools"},
    )
    later = AddressFactory(
        delivered_on=dt.date(2024, 3, 1),
        text="Interview\n\nWe have built 60 schools so far.\n",
    )
    quote = "We have built 60 schools so far."
    start = later.text.index(quote)
    return EvidenceSuggestion.objects.create(
        address=later,
        start=start,
        end=start + len(quote),
        quote=quote,
        commitment=earlier,
        score=0.62,
        rank=1,
    )


def test_review_page_of_a_later_speech_lists_its_evidence_suggestions(
    client, suggestion
):
    page = client.get(review_page(suggestion.address)).content.decode()

    assert "We have built 60 schools so far." in page
    assert "Build 100 schools" in page
    assert "score 0.62" in page
    assert f"/analyst/evidence/{suggestion.pk}/log/" in page


def test_commitment_page_lists_its_evidence_suggestions(client, suggestion):
    page = client.get(
        f"/analyst/commitments/{suggestion.commitment_id}/"
    ).content.decode()

    assert "We have built 60 schools so far." in page
    assert f"/analyst/evidence/{suggestion.pk}/dismiss/" in page


def test_dismissing_a_suggestion_keeps_it_with_who_and_when(
    client, analyst, suggestion
):
    back = review_page(suggestion.address)

    response = client.post(
        f"/analyst/evidence/{suggestion.pk}/dismiss/", {"next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == back
    suggestion.refresh_from_db()
    assert suggestion.is_dismissed
    assert suggestion.dismissed_by == analyst
    assert suggestion.dismissed_at is not None
    # Hidden by default; shown (with who) on asking.
    assert f'id="e-{suggestion.pk}"' not in client.get(back).content.decode()
    shown = client.get(back, {"evidence": "all"}).content.decode()
    assert f'id="e-{suggestion.pk}"' in shown
    assert "dismissed by Ana Bekova" in shown


def test_dismiss_leads_back_only_to_this_site(client, suggestion):
    response = client.post(
        f"/analyst/evidence/{suggestion.pk}/dismiss/",
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == f"/analyst/commitments/{suggestion.commitment_id}/"


def test_logging_progress_from_a_suggestion_records_the_passage_as_evidence(
    client, analyst, suggestion
):
    form = client.get(f"/analyst/evidence/{suggestion.pk}/log/")
    assert form.status_code == 200
    assert "We have built 60 schools so far." in form.content.decode()

    response = client.post(
        f"/analyst/evidence/{suggestion.pk}/log/",
        {"status": "in_progress", "note": "60 of 100 built."},
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.commitment_id == suggestion.commitment_id
    assert update.author == analyst
    assert update.status == "in_progress"
    assert update.evidence_kind == EvidenceKind.LATER_SPEECH
    assert update.evidence_address == suggestion.address
    assert (update.evidence_start, update.evidence_end) == (
        suggestion.start,
        suggestion.end,
    )
    assert update.evidence_on == dt.date(2024, 3, 1)
    suggestion.refresh_from_db()
    assert suggestion.used_by == analyst
    assert suggestion.used_at is not None
    # Done with: no longer offered.
    again = client.get(f"/analyst/evidence/{suggestion.pk}/log/", follow=True)
    assert "already dismissed or logged" in messages_in(again)[-1]


def test_a_refused_update_from_a_suggestion_leaves_it_open(client, suggestion):
    response = client.post(
        f"/analyst/evidence/{suggestion.pk}/log/",
        {"status": "in_progress", "reason": "no_budget"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ProgressUpdate.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.is_open
