"""`make run` tells the web server, worker and beat the address it serves at, so
links in emails work on any port."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import devserver


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("localhost:9000", "http://localhost:9000"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("[::1]:8001", "http://[::1]:8001"),
    ],
)
def test_the_site_url_is_the_address_served(address: str, url: str) -> None:
    assert devserver.site_url_for(address) == url


def test_a_configured_site_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://uade.example")
    assert devserver.configured_site_url() == "https://uade.example"


def test_without_one_the_served_address_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setattr(devserver, "__file__", str(tmp_path / "config" / "x.py"))
    assert devserver.configured_site_url() == ""
    (tmp_path / ".env").write_text("DJANGO_DEBUG=1\nSITE_URL='http://box:8000'\n")
    assert devserver.configured_site_url() == "http://box:8000"
