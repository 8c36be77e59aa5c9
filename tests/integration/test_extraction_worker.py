"""Import → on commit → Redis → a real worker → candidates in PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from addresses.services import AddressInput
from commitments import services
from commitments.models import Candidate
from tests.integration.conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

SPEECH = """The State of the Nation

I instruct the Government to adopt a new Water Code by the end of the year.

Last year the economy grew by four per cent.

By 2027, we will build 3,000 kilometres of new roads.
"""


def test_import_queues_extraction_that_a_real_worker_runs(celery_worker_queue):
    address = services.import_address(
        SPEECH,
        AddressInput(
            title="State of the Nation",
            speaker="A. President",
            delivered_on="2025-09-01",
        ),
    )

    assert wait_for(lambda: Candidate.objects.filter(address=address).exists())
    quotes = set(
        Candidate.objects.filter(address=address).values_list("quote", flat=True)
    )
    assert quotes == {
        "I instruct the Government to adopt a new Water Code by the end of the year.",
        "By 2027, we will build 3,000 kilometres of new roads.",
    }
    deadlines = {
        quote[:12]: deadline
        for quote, deadline in Candidate.objects.values_list("quote", "deadline")
    }
    assert deadlines == {
        "I instruct t": dt.date(2025, 12, 31),
        "By 2027, we ": dt.date(2027, 12, 31),
    }
