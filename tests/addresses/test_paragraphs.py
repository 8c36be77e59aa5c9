"""Every quote links to its paragraph: offsets into a speech to `#p-<n>` anchors."""

from __future__ import annotations

import pytest

from addresses.paragraphs import paragraph_positions, paragraph_url
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


def test_each_spot_gets_the_paragraph_holding_it_in_one_query(
    django_assert_num_queries: object,
) -> None:
    first = AddressFactory(text="One.\n\nTwo two.\n\nThree three three.\n")
    second = AddressFactory(text="Alpha.\n\nBeta.\n")
    three = first.text.index("Three")
    beta = second.text.index("Beta")
    with django_assert_num_queries(1):  # type: ignore[operator]
        found = paragraph_positions(
            [(first.pk, 0), (first.pk, three), (second.pk, beta), (None, 3), (1, None)]
        )
    assert found == {(first.pk, 0): 1, (first.pk, three): 3, (second.pk, beta): 2}


def test_a_spot_between_paragraphs_or_nowhere_has_no_entry() -> None:
    address = AddressFactory(text="One.\n\nTwo.\n")
    assert paragraph_positions([(address.pk, address.text.index("\n"))]) == {}
    assert paragraph_positions([]) == {}


def test_a_paragraph_url_is_the_speech_page_at_its_anchor() -> None:
    assert paragraph_url("a-speech", 12) == "/addresses/a-speech/#p-12"
    assert paragraph_url("a-speech", None) == "/addresses/a-speech/"
