"""`manage.py load_demo`: the demo speeches and analyst, safe to run again."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db.models import QuerySet
from django.test import Client, RequestFactory
from django.utils import timezone

from addresses.models import Address, Segment, Speaker
from commitments.models import (
    Candidate,
    Commitment,
    EvidenceSuggestion,
    Mention,
    RestatementSuggestion,
)
from tests.conftest import DEMO_SEEDS
from tests.factories import UserFactory
from tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db

# Columns that legitimately differ between two runs (hashes are salted, clocks move).
VOLATILE = {
    "password",
    "last_login",
    "date_joined",
    "created_at",
    "updated_at",
    "reviewed_at",
    "status_changed_at",
}
ADDRESS_FILE = "000_c6f83971ef7d8c01.txt"
INTERVIEW_FILE = "002_14ce51083ba6dd0f.txt"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def sign_in(username: str, password: str) -> User | None:
    # django-axes counts failures per client, so authentication needs a request.
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.1")
    return authenticate(request, username=username, password=password)


def rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    fields = [
        field.attname
        for field in queryset.model._meta.concrete_fields
        if field.attname not in VOLATILE
    ]
    return list(queryset.order_by("pk").values(*fields))


def snapshot() -> dict[str, list[Any]]:
    user_model = get_user_model()
    return {
        "addresses": rows(Address.objects.all()),
        "segments": rows(Segment.objects.all()),
        "speakers": rows(Speaker.objects.all()),
        "users": rows(user_model.objects.all()),
        "user groups": sorted(
            user_model.groups.through.objects.values_list("user_id", "group_id")
        ),
        "groups": rows(Group.objects.all()),
        "group permissions": sorted(
            Group.permissions.through.objects.values_list(
                "group__name",
                "permission__content_type__app_label",
                "permission__codename",
            )
        ),
        "commitments": rows(Commitment.objects.all()),
        "commitment history": sorted(
            Commitment.history.values_list("id", "history_type", "history_user_id")
        ),
        "mentions": rows(Mention.objects.all()),
        "candidates": rows(Candidate.objects.all()),
        "progress updates": rows(ProgressUpdate.objects.all()),
        "restatement suggestions": rows(RestatementSuggestion.objects.all()),
        "evidence suggestions": rows(EvidenceSuggestion.objects.all()),
    }


def read_seed(name: str) -> list[dict[str, Any]]:
    lines = (DEMO_SEEDS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def demo_addresses() -> dict[str, Address]:
    return {
        ADDRESS_FILE: Address.objects.get(kind="address"),
        INTERVIEW_FILE: Address.objects.get(kind="interview"),
    }


def test_load_demo_twice_gives_the_same_database():
    load_demo()
    first = snapshot()

    load_demo()

    assert snapshot() == first
    assert len(first["addresses"]) == 2
    assert len(first["segments"]) > 500
    assert len(first["commitments"]) > 150
    assert len(first["progress updates"]) == 21
    assert first["evidence suggestions"]
    assert [speaker["name"] for speaker in first["speakers"]] == [
        "Kassym-Jomart Tokayev"
    ]


def test_load_demo_imports_the_seed_speeches():
    out = load_demo()

    assert list(Address.objects.values_list("slug", "kind")) == [
        (
            "2024-01-03-interview-of-the-head-of-state-to-the-egemen-qazaqstan-newspaper",
            "interview",
        ),
        ("2020-09-01-kazakhstan-in-a-new-reality-time-for-action", "address"),
    ]
    assert "imported  000_c6f83971ef7d8c01.txt: 2020-09-01-kazakhstan" in out
    assert "imported  002_14ce51083ba6dd0f.txt: 2024-01-03-interview" in out


def test_load_demo_prints_the_demo_login_that_works(settings):
    settings.UADE_DEMO_PASSWORD = "demo-password-for-tests"

    out = load_demo()

    assert (
        "Demo analyst login: username 'analyst', password 'demo-password-for-tests'"
    ) in out
    analyst = sign_in("analyst", "demo-password-for-tests")
    assert analyst is not None
    assert analyst.is_staff
    assert not analyst.is_superuser
    assert sorted(analyst.groups.values_list("name", flat=True)) == [
        "Analysts",
        "Editors",
    ]


def test_load_demo_again_reports_the_existing_analyst_and_skips_the_speeches():
    load_demo()

    out = load_demo()

    assert "Demo analyst login: username 'analyst' (already existed;" in out
    assert "password" not in out
    assert out.count("skipped   ") == 2
    assert "imported  " not in out


def test_load_demo_keeps_an_existing_analysts_password():
    UserFactory(username="analyst", password="a-password-the-analyst-chose")

    load_demo()

    assert sign_in("analyst", "a-password-the-analyst-chose")


# ------------------------------------------------------------ the demo password


def test_load_demo_while_debugging_gives_the_published_password_that_works(settings):
    settings.DEBUG = True

    out = load_demo()

    assert "Demo analyst login: username 'analyst', password 'uade-demo'" in out
    assert sign_in("analyst", "uade-demo")


def test_load_demo_in_production_sets_no_known_password(settings):
    assert settings.DEBUG is False

    out = load_demo()

    assert "Demo analyst 'analyst' created without a password" in out
    assert "`manage.py changepassword analyst`" in out
    assert "uade-demo" not in out
    assert not User.objects.get(username="analyst").has_usable_password()
    assert sign_in("analyst", "uade-demo") is None


def test_the_published_demo_password_fails_in_production_on_every_sign_in(settings):
    # An account made while debugging, then served with DEBUG off.
    UserFactory(username="analyst", password="uade-demo", is_staff=True)
    settings.DEBUG = True
    assert sign_in("analyst", "uade-demo")
    settings.DEBUG = False

    assert sign_in("analyst", "uade-demo") is None
    for url in ("/accounts/login/", "/admin/login/"):
        browser = Client()
        response = browser.post(url, {"username": "analyst", "password": "uade-demo"})
        assert response.status_code == 200, url
        assert "_auth_user_id" not in browser.session


def test_load_demo_in_production_removes_the_published_password(settings):
    UserFactory(username="analyst", password="uade-demo")

    out = load_demo()

    assert "had the published demo password" in out
    analyst = User.objects.get(username="analyst")
    assert not analyst.has_usable_password()
    settings.DEBUG = True
    assert sign_in("analyst", "uade-demo") is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        pytest.param("demo", "This password is too short.", id="short"),
        pytest.param("password123", "This password is too common.", id="common"),
        pytest.param("83920417", "This password is entirely numeric.", id="numeric"),
        pytest.param(
            "analyst@example.org",
            "The password is too similar to the email address.",
            id="like the account",
        ),
    ],
)
def test_load_demo_refuses_a_weak_demo_password_and_writes_nothing(
    settings, password, reason
):
    settings.UADE_DEMO_PASSWORD = password

    with pytest.raises(CommandError) as refused:
        load_demo()

    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.startswith("UADE_DEMO_PASSWORD is too weak for the demo analyst: ")
    assert reason in message
    assert message.endswith("Choose a stronger one.")
    assert not get_user_model().objects.exists()
    assert not Address.objects.exists()


def test_load_demo_in_production_refuses_the_published_password_set_explicitly(
    settings,
):
    settings.UADE_DEMO_PASSWORD = "uade-demo"

    with pytest.raises(CommandError) as refused:
        load_demo()

    assert refused.value.returncode == 2
    assert "works only with DJANGO_DEBUG=1" in str(refused.value)
    assert not get_user_model().objects.exists()


def test_load_demo_gives_analysts_every_library_right_but_delete():
    load_demo()

    codenames = set(
        Group.objects.get(name="Analysts").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {
        "view_address",
        "add_address",
        "change_address",
        "change_segment",
    } <= codenames
    assert not any(codename.startswith("delete_") for codename in codenames)


def test_load_demo_makes_every_gold_core_item_a_published_commitment_or_restatement():
    load_demo()

    addresses = demo_addresses()
    gold = [
        item
        for name in ("gold-000.jsonl", "gold-002.jsonl")
        for item in read_seed(name)
        if item["tier"] == "core"
    ]
    originals = Counter(
        Mention.objects.filter(
            kind="original", commitment__is_published=True
        ).values_list("address_id", "quote", "commitment__target")
    )
    restated = set(
        Mention.objects.filter(kind="restated").values_list("address_id", "quote")
    )
    missing = [
        item["quote"]
        for item in gold
        if not originals[
            (addresses[item["file"]].pk, item["quote"], item.get("target") or "")
        ]
        and (addresses[item["file"]].pk, item["quote"]) not in restated
    ]
    assert missing == []
    assert not Commitment.objects.filter(is_published=False).exists()


def test_load_demo_counts_match_the_seeds():
    load_demo()

    gold = [
        item
        for name in ("gold-000.jsonl", "gold-002.jsonl")
        for item in read_seed(name)
    ]
    evidence = read_seed("evidence-002.jsonl")
    core_quotes = {item["quote"] for item in gold if item["tier"] == "core"}
    restatements = {
        item["evidence_quote"]
        for item in evidence
        if any(
            g["quote"] == item["evidence_quote"] and g.get("mention_of") for g in gold
        )
    }
    # Each core item is a commitment (one sentence may hold several, with their own
    # targets), but a restatement; so is every pledge the interview reports on.
    expected = (
        sum(1 for item in gold if item["tier"] == "core")
        - len(restatements)
        + len({item["pledge_quote"] for item in evidence} - core_quotes)
    )
    assert Commitment.objects.count() == expected
    assert Mention.objects.filter(kind="original").count() == expected
    assert (
        set(Mention.objects.filter(kind="restated").values_list("quote", flat=True))
        == restatements
    )
    assert ProgressUpdate.objects.count() == len(evidence) == 21


def test_load_demo_links_the_2024_restatement_to_the_2020_commitment():
    load_demo()

    evidence = read_seed("evidence-002.jsonl")
    [restatement] = Mention.objects.filter(kind="restated").select_related(
        "commitment", "address"
    )
    pledge = next(
        item["pledge_quote"]
        for item in evidence
        if item["evidence_quote"] == restatement.quote
    )
    assert restatement.address == demo_addresses()[INTERVIEW_FILE]
    assert restatement.commitment.first_made_on == dt.date(2020, 9, 1)
    assert restatement.commitment.mentions.get(kind="original").quote == pledge
    assert (
        restatement.address.text[restatement.start : restatement.end]
        == restatement.quote
    )
    assert (
        Candidate.objects.get(
            address=restatement.address, start=restatement.start
        ).state
        == "merged"
    )


def test_load_demo_logs_the_interviews_evidence_as_the_demo_analyst():
    load_demo()

    interview = demo_addresses()[INTERVIEW_FILE]
    evidence = read_seed("evidence-002.jsonl")
    updates = list(
        ProgressUpdate.objects.order_by("pk").select_related("author", "commitment")
    )
    assert len(updates) == 21
    assert {
        (
            update.author.username,
            update.evidence_on,
            update.evidence_address_id,
            update.evidence_kind,
        )
        for update in updates
    } == {("analyst", dt.date(2024, 1, 3), interview.pk, "later_speech")}
    assert [update.evidence_quote for update in updates] == [
        item["evidence_quote"] for item in evidence
    ]
    assert [
        update.commitment.mentions.get(kind="original").quote for update in updates
    ] == [item["pledge_quote"] for item in evidence]


def test_load_demo_sets_each_status_from_the_last_evidence_for_it():
    load_demo()

    last_status: dict[str, str] = {}
    for item in read_seed("evidence-002.jsonl"):
        last_status[item["pledge_quote"]] = item["status_suggested"]
    statuses = dict(
        Mention.objects.filter(kind="original", quote__in=last_status).values_list(
            "quote", "commitment__status"
        )
    )
    assert statuses == last_status
    rated = Commitment.objects.exclude(status="not_rated")
    assert rated.count() == len(
        {quote for quote, status in last_status.items() if status != "not_rated"}
    )
    for commitment in rated:
        assert commitment.status_changed_at is not None
        assert commitment.status == commitment.progress_updates.latest("id").status


def test_load_demo_leaves_the_interviews_other_candidates_pending():
    load_demo()

    addresses = demo_addresses()
    interview = addresses[INTERVIEW_FILE]
    pending = list(interview.candidates.pending())
    assert pending
    assert not addresses[ADDRESS_FILE].candidates.pending().exists()
    mentioned = set(interview.mentions.values_list("start", "end"))
    for candidate in pending:
        assert interview.text[candidate.start : candidate.end] == candidate.quote
        assert (candidate.start, candidate.end) not in mentioned
    assert not interview.candidates.filter(state="rejected").exists()


def test_load_demo_dates_the_ratings_the_day_after_the_interview():
    load_demo()

    rated_on = {
        timezone.localdate(update.created_at) for update in ProgressUpdate.objects.all()
    }
    assert rated_on == {dt.date(2024, 1, 4)}
    # The record's history tells when each rating was known.
    for commitment in Commitment.objects.exclude(status="not_rated"):
        assert timezone.localdate(commitment.status_changed_at) == dt.date(2024, 1, 4)
        assert commitment.last_progress_at == commitment.status_changed_at
    # The Tax Code, "revised" in 2020, is "a new Tax Code" in 2024.
    [moved] = Commitment.objects.goalposts_moved()
    assert "Tax Code" in moved.mentions.get(kind="restated").target


def test_load_demo_speeches_name_where_their_text_was_published():
    load_demo()

    assert all(
        url.startswith("https://")
        for url in Address.objects.values_list("source_url", flat=True)
    )
    assert Address.objects.exclude(source_url="").count() == 2
