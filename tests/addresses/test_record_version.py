"""The record's version moves on with every change of what the public sees, made
any way (ORM, bulk update, raw SQL), on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection

from addresses.models import RecordVersion
from addresses.versioning import cached
from tests.dashboard.helpers import published
from tests.factories import AddressFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def version() -> int:
    return RecordVersion.current().version


def test_every_kind_of_change_moves_it_on():
    before = version()
    commitment = published("Build 300 schools")  # speaker, address, commitment, mention
    after_create = version()
    assert after_create > before

    type(commitment).objects.filter(pk=commitment.pk).update(is_published=False)
    after_bulk = version()
    assert after_bulk > after_create

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commitments_commitment SET title = %s WHERE id = %s",
            ["Build 301 schools", commitment.pk],
        )
    after_raw = version()
    assert after_raw > after_bulk

    commitment.mentions.all().delete()
    assert version() > after_raw
    assert RecordVersion.current().changed_at is not None


def test_speakers_and_speeches_move_it_on():
    before = version()
    speaker = SpeakerFactory()
    assert version() > before
    before = version()
    AddressFactory(speaker=speaker, is_public=False)
    assert version() > before


def test_a_kept_value_is_built_again_once_the_record_changes():
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert cached("example", ["a"], build) == 1
    assert cached("example", ["a"], build) == 1
    assert cached("example", ["b"], build) == 2  # other parts, another value
    SpeakerFactory()
    assert cached("example", ["a"], build) == 3


def test_while_one_request_builds_a_new_value_the_others_get_the_last_one():
    assert cached("example", ["a"], lambda: "first") == "first"
    SpeakerFactory()  # the record changes: the value is built again
    seen_meanwhile: list[str] = []

    def slow_build() -> str:
        # A second request for the same value while this one builds it.
        seen_meanwhile.append(cached("example", ["a"], lambda: "built twice"))
        return "second"

    assert cached("example", ["a"], slow_build) == "second"
    assert seen_meanwhile == ["first"]
    assert cached("example", ["a"], lambda: "built again") == "second"
