"""Moving goalposts: a restatement that states another deadline or target than the
original, side by side on the commitment page and listed by `?goalposts_moved=1`."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from commitments import services as commitment_services
from commitments.models import Commitment, Mention
from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AddressFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/commitments/"
LATER = (
    "Address on progress, part {n}\n"
    "\n"
    "We will double the output of the mines by 2029, as I said before.\n"
    "\n"
    "Reforms go on.\n"
)


def restate(commitment: Commitment, **stated) -> Mention:
    """Merge a restatement from a later, public speech stating `stated`."""
    later = AddressFactory(
        text=LATER.format(n=commitment.pk), delivered_on=dt.date(2024, 3, 1)
    )
    candidate = CandidateFactory(
        address=later,
        quote="We will double the output of the mines by 2029, as I said before.",
        **stated,
    )
    return commitment_services.merge_candidate(
        candidate.pk, commitment.pk, reviewer=UserFactory()
    )


def promise(title: str = "Double the output of the mines") -> Commitment:
    return published(
        title,
        address=AddressFactory(delivered_on=dt.date(2020, 9, 1)),
        changes={
            "deadline": dt.date(2025, 12, 31),
            "deadline_text": "by 2025",
            "target": "double the output",
        },
    )


def listed(client, query: str) -> set[str]:
    response = client.get(LIST + query)
    assert response.status_code == 200
    return {commitment.title for commitment in response.context["commitments"]}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_mentions_keep_what_they_state():
    commitment = promise()
    mention = restate(
        commitment,
        deadline=dt.date(2029, 12, 31),
        deadline_text="by 2029",
        target="double the output",
    )

    original = commitment.mentions.get(kind="original")
    assert (original.deadline, original.deadline_text, original.target) == (
        dt.date(2025, 12, 31),
        "by 2025",
        "double the output",
    )
    assert (mention.deadline, mention.deadline_text) == (
        dt.date(2029, 12, 31),
        "by 2029",
    )
    commitment.refresh_from_db()
    # The commitment's own deadline stays what was first promised.
    assert commitment.deadline == dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("stated", "moved"),
    [
        ({"deadline": dt.date(2029, 12, 31)}, True),
        ({"deadline": dt.date(2025, 12, 31)}, False),
        ({"target": "triple the output"}, True),
        ({"target": "Double The Output"}, False),
        # Stating nothing, or only what the original left open, moves nothing.
        ({}, False),
    ],
)
def test_which_restatements_move_the_goalposts(client, stated, moved):
    commitment = promise()
    restate(commitment, **stated)
    kept = promise("A promise restated with nothing new")
    restate(kept)

    assert (
        commitment.pk
        in set(Commitment.objects.goalposts_moved().values_list("pk", flat=True))
    ) is moved
    assert listed(client, "?goalposts_moved=1") == (
        {"Double the output of the mines"} if moved else set()
    )
    # Unticked, the filter narrows nothing.
    assert len(listed(client, "?goalposts_moved=")) == 2


def test_an_original_without_a_deadline_is_not_moved_by_a_dated_restatement():
    commitment = published("Open more schools")
    restate(commitment, deadline=dt.date(2029, 12, 31))

    assert not Commitment.objects.goalposts_moved().exists()


def test_a_restatement_in_a_hidden_speech_is_not_public(client):
    commitment = promise()
    mention = restate(commitment, deadline=dt.date(2029, 12, 31))
    type(mention.address).objects.filter(pk=mention.address_id).update(is_public=False)

    assert listed(client, "?goalposts_moved=1") == set()
    html = client.get(commitment_url(commitment)).content.decode()
    assert "goalposts moved" not in html


def test_the_page_shows_both_quotes_side_by_side(client):
    commitment = promise()
    restate(
        commitment,
        deadline=dt.date(2029, 12, 31),
        deadline_text="by 2029",
        target="double the output",
    )

    response = client.get(commitment_url(commitment))
    html = response.content.decode()
    section = html[html.index('id="goalposts"') : html.index("</section>")]
    text = text_of(section)
    assert "The goalposts moved" in text
    assert "First promised" in text
    assert "Restated" in text
    assert "31 Dec 2025" in text
    assert "(“by 2025”)" in text
    assert "31 Dec 2029" in text
    assert "(“by 2029”)" in text
    assert "as I said before" in text
    # The changed field is named in words, not by colour alone; the target is not.
    assert text.count("changed") == 2
    assert section.count('class="goalposts__changed"') == 2


def test_no_section_when_nothing_moved(client):
    commitment = promise()
    restate(commitment, deadline=dt.date(2025, 12, 31))

    html = client.get(commitment_url(commitment)).content.decode()
    assert 'id="goalposts"' not in html
