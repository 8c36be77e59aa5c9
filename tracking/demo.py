"""The demo's people: an analyst account, and the group that gives analysts rights."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ANALYSTS_GROUP = "Analysts"
DEMO_USERNAME = "analyst"
# Analysts look after the record, so they may view, add and change it; deleting is
# left to administrators.
ANALYST_APPS = ("addresses", "commitments", "tracking")


@transaction.atomic
def ensure_analysts_group() -> Group:
    """Create or refresh the analysts group and its permissions."""
    group, _ = Group.objects.get_or_create(name=ANALYSTS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=ANALYST_APPS).exclude(
            codename__startswith="delete_"
        )
    )
    return group


@transaction.atomic
def ensure_demo_analyst() -> tuple[str, str, bool]:
    """Create the demo analyst once; return (username, password, created).

    An existing account keeps its password, so running the demo again is harmless.
    """
    password: str = settings.UADE_DEMO_PASSWORD
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "first_name": "Demo",
            "last_name": "Analyst",
            "is_staff": True,
            "email": "analyst@example.org",
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(ensure_analysts_group())
    return DEMO_USERNAME, password, created
