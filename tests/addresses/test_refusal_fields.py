"""Each import refusal names the field it is about, so a form shows it beside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from addresses import services
from addresses.models import Address
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

TEXT = "Dear compatriots, we will build 100 schools by 2030.\n"


def details(**changes: Any) -> services.AddressInput:
    values: dict[str, Any] = {
        "title": "Address",
        "speaker": "Speaker",
        "delivered_on": "2020-09-01",
        **changes,
    }
    return services.AddressInput(**values)


@pytest.mark.parametrize(
    ("text", "changes", "field"),
    [
        ("", {}, "text"),
        (b"\x00\x01\x02binary", {}, "text"),
        (TEXT, {"title": " "}, "title"),
        (TEXT, {"speaker": ""}, "speaker"),
        (TEXT, {"speaker_role": "a\tb"}, "speaker_role"),
        (TEXT, {"kind": "sermon"}, "kind"),
        (TEXT, {"delivered_on": "2020-13-01"}, "delivered_on"),
        (TEXT, {"delivered_on": dt.date(2999, 1, 1)}, "delivered_on"),
        (TEXT, {"venue": "x" * 301}, "venue"),
        (TEXT, {"language": "e\nn"}, "language"),
        (TEXT, {"source_url": "mailto:someone@example.org"}, "source_url"),
    ],
)
def test_a_refusal_names_its_field(
    text: str | bytes, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(services.ImportRefused) as refusal:
        services.import_address(text, details(**changes))
    assert refusal.value.field == field
    assert not Address.objects.exists()


def test_a_text_too_large_names_the_text(settings: Any) -> None:
    settings.UADE_MAX_TEXT_BYTES = 10
    with pytest.raises(services.ImportRefused) as refusal:
        services.check_text_size(11)
    assert refusal.value.field == "text"
    assert "over the" in str(refusal.value)
    services.check_text_size(10)


def test_a_duplicate_names_the_text_and_the_speech_already_imported() -> None:
    existing = AddressFactory(text=TEXT)
    with pytest.raises(services.AlreadyImported) as refusal:
        services.import_address(TEXT, details())
    assert refusal.value.field == "text"
    assert refusal.value.existing == existing
