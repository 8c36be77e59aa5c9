"""The benches start their own servers and databases beside the configured one."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.fixture
def database_url() -> str:
    """The configured database as a URL, for the benches' own processes."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )
