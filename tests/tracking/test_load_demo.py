"""`manage.py load_demo`: the demo speeches and analyst, safe to run again."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import QuerySet

from addresses.models import Address, Segment, Speaker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Columns that legitimately differ between two runs (hashes are salted).
VOLATILE = {"password", "last_login", "date_joined", "created_at"}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


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
    }


def test_load_demo_twice_gives_the_same_database():
    load_demo()
    first = snapshot()

    load_demo()

    assert snapshot() == first
    assert len(first["addresses"]) == 2
    assert len(first["segments"]) > 500
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

    assert "Demo analyst: username 'analyst', password 'demo-password-for-tests'" in out
    analyst = authenticate(username="analyst", password="demo-password-for-tests")
    assert analyst is not None
    assert analyst.is_staff
    assert not analyst.is_superuser
    assert list(analyst.groups.values_list("name", flat=True)) == ["Analysts"]


def test_load_demo_again_reports_the_existing_analyst_and_skips_the_speeches():
    load_demo()

    out = load_demo()

    assert "Demo analyst: username 'analyst' (already existed)" in out
    assert "password" not in out
    assert out.count("skipped   ") == 2
    assert "imported  " not in out


def test_load_demo_keeps_an_existing_analysts_password():
    UserFactory(username="analyst", password="a-password-the-analyst-chose")

    load_demo()

    assert authenticate(username="analyst", password="a-password-the-analyst-chose")


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
