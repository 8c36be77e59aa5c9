"""The beat's reminder sweep → Redis → a real worker → an email in its outbox."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import AnalystFactory, CommitmentFactory
from tests.integration.conftest import wait_for
from tracking import reminders, tasks
from tracking.models import Reminder

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def test_the_beat_task_on_a_real_worker_mails_the_due_reminder(
    celery_worker_queue, worker_var_dir: Path
):
    analyst = AnalystFactory(username="ana")
    commitment = CommitmentFactory(
        changes={
            "title": "A new Water Code",
            "deadline": timezone.localdate() - dt.timedelta(days=2),
        }
    )
    reminders.plan_reminders([commitment.pk])
    # Overdue since yesterday and never sent: due at midnight, so due now.
    [due] = Reminder.objects.due(timezone.now())
    assert (due.recipient, due.kind) == (analyst, "overdue")

    tasks.send_due_reminders.delay()  # exactly what the beat enqueues

    assert wait_for(
        lambda: Reminder.objects.filter(pk=due.pk, sent_at__isnull=False).exists()
    )
    outbox = worker_var_dir / "outbox"
    [path] = outbox.iterdir()
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Uade: 1 commitment reminder"
    # (A header this long is folded; the whitespace before the value is not part.)
    # The token is signed with the time, so it is checked by what it unlocks.
    unsubscribe = message["List-Unsubscribe"].strip()
    prefix = f"<{settings.SITE_URL}/reminders/unsubscribe/"
    assert unsubscribe.startswith(prefix)
    assert unsubscribe.endswith("/>")
    token = unsubscribe.removeprefix(prefix).removesuffix("/>")
    assert reminders.user_for_unsubscribe_token(token) == analyst
    text, html = (
        part.get_content()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    )
    commitment_url = f"{settings.SITE_URL}/analyst/commitments/{commitment.pk}/"
    assert "OVERDUE\n\n- A new Water Code\n" in text
    assert f"  Commitment: {commitment_url}\n" in text
    assert f"  Log progress: {commitment_url}progress/\n" in text
    assert f'<a href="{commitment_url}"' in html
    assert "A new Water Code" in html
    due.refresh_from_db()
    assert due.attempts == 1
    # Sending it planned the next overdue reminder, a week on.
    assert Reminder.objects.unsent().filter(kind="overdue").count() == 1
