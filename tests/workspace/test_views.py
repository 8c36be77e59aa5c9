"""The analyst workspace, the commitment page, logging progress, reminder settings
and the signed one-click unsubscribe link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import Commitment
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tracking import reminders, services
from tracking.demo import ensure_groups
from tracking.models import (
    EvidenceKind,
    ProgressUpdate,
    Reminder,
    ReminderFrequency,
    ReminderPreference,
)

pytestmark = pytest.mark.django_db

WORKSPACE = "/analyst/"
PREFERENCES = "/analyst/reminders/"
SCRIPT = "<script>alert('pwned')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;"
NEWS = services.Evidence(
    kind=EvidenceKind.NEWS_REPORT,
    url="https://kazinform.kz/news/1",
    title="Schools opened",
    on=dt.date(2024, 5, 20),
)


def page_of(commitment: Commitment) -> str:
    return f"/analyst/commitments/{commitment.pk}/"


def progress_form_of(commitment: Commitment) -> str:
    return f"/analyst/commitments/{commitment.pk}/progress/"


def unsubscribe_link(token: str) -> str:
    return f"/reminders/unsubscribe/{token}/"


def field_errors(response: Any) -> dict[str, list[str]]:
    return dict(response.context["form"].errors)


def messages_in(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def analyst() -> Any:
    ensure_groups()  # the Analysts group with its permissions
    return AnalystFactory(username="ana", first_name="Ana", last_name="Bekova")


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


@pytest.fixture
def commitment(analyst) -> Commitment:
    # Assigned to the analyst, who is then the only recipient of its reminders.
    return CommitmentFactory(
        changes={"title": "A new Water Code", "deadline": dt.date(2030, 12, 31)},
        assignee=analyst,
    )


def record(commitment: Commitment, author: Any, **overrides: Any) -> ProgressUpdate:
    arguments: dict[str, Any] = {
        "author": author,
        "status": "in_progress",
        "evidence": NEWS,
        "today": dt.date(2024, 6, 1),
    }
    return services.record_progress_update(commitment.pk, **{**arguments, **overrides})


# ------------------------------------------------------------------------ sign-in


@pytest.mark.parametrize(
    "path",
    [
        WORKSPACE,
        "/analyst/commitments/1/",
        "/analyst/commitments/1/progress/",
        PREFERENCES,
    ],
)
def test_the_analyst_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


SECRET_TITLE = "An unpublished plan for secret schools"


@pytest.fixture
def unpublished(analyst) -> Commitment:
    commitment = CommitmentFactory(
        changes={"title": SECRET_TITLE, "deadline": dt.date(2001, 1, 1)},
        assignee=analyst,
    )
    record(commitment, analyst, note="A note only analysts may read.")
    return commitment


@pytest.mark.parametrize(
    "outsider",
    [
        pytest.param({}, id="signed in, no group"),
        pytest.param({"is_staff": True}, id="staff without permissions"),
    ],
)
@pytest.mark.parametrize(
    ("method", "page"),
    [
        pytest.param("get", lambda commitment: WORKSPACE, id="workspace"),
        pytest.param("get", page_of, id="commitment page"),
        pytest.param("get", progress_form_of, id="progress form"),
        pytest.param("post", progress_form_of, id="log progress"),
        pytest.param("get", lambda commitment: PREFERENCES, id="reminder settings"),
        pytest.param("post", lambda commitment: PREFERENCES, id="save reminders"),
    ],
)
def test_the_analyst_pages_refuse_a_signed_in_user_without_the_permission(
    client, unpublished, outsider, method, page
):
    client.force_login(UserFactory(username="outsider", **outsider))

    response = getattr(client, method)(
        page(unpublished), {"frequency": "off", "status": "achieved"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>This page is for analysts</h1>" in html
    assert "ask an administrator to add you to the Analysts group" in html
    assert SECRET_TITLE not in html
    assert "only analysts may read" not in html
    assert ProgressUpdate.objects.count() == 1
    assert not ReminderPreference.objects.exists()


def test_the_analyst_pages_show_the_unpublished_record_to_an_analyst(
    analyst_client, unpublished
):
    for path in (WORKSPACE, page_of(unpublished), progress_form_of(unpublished)):
        response = analyst_client.get(path)

        assert response.status_code == 200, path
        assert SECRET_TITLE in response.content.decode(), path


def test_an_analyst_without_the_right_to_log_progress_may_read_but_not_log(
    client, unpublished
):
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    client.force_login(reader)

    assert client.get(page_of(unpublished)).status_code == 200
    refused = client.get(progress_form_of(unpublished))
    assert refused.status_code == 403
    assert "<h1>Your account cannot do this</h1>" in refused.content.decode()


# ---------------------------------------------------------------------- workspace


# ---------------------------------------------------------------- commitment page


def test_commitment_page_shows_mentions_progress_and_the_history_of_changes(
    analyst_client, analyst, commitment
):
    restatement = CandidateFactory(
        address=AddressFactory(title="Address of 2025"),
        quote="Dear compatriots, this is the opening paragraph of speech",
    )
    restatement.quote = restatement.address.text[restatement.start : restatement.end]
    commitment_services.merge_candidate(restatement.pk, commitment.pk, reviewer=analyst)
    record(commitment, analyst, note="The first schools opened in May.")
    bob = UserFactory(username="bob")
    commitment_services.assign(commitment.pk, bob, by=analyst)

    response = analyst_client.get(page_of(commitment))

    assert response.status_code == 200
    html = response.content.decode()
    original = commitment.mentions.get(kind="original")
    assert f'<blockquote class="quote" lang="en">“{original.quote}”</blockquote>' in (
        html
    )
    # The restatement is the opening paragraph (¶ 2) of its speech.
    assert (
        f'Restated · <a href="{restatement.address.get_absolute_url()}#p-2">'
        "Address of 2025, ¶ 2</a>"
    ) in html
    assert '<span class="status status--in_progress">In progress</span>' in html
    assert "· Ana Bekova</span>" in html
    assert "News report, dated 20 May 2024" in html
    assert "<p>The first schools opened in May.</p>" in html
    assert (
        '<a href="https://kazinform.kz/news/1" rel="nofollow noopener noreferrer '
        'external">Schools opened</a>'
    ) in html
    changes = re.findall(
        r"<tr><td>[^<]+</td><td>([^<]+)</td><td class=\"history-change\">"
        r"<strong>([^<]+):</strong> ([^<]+)</td></tr>",
        html,
    )
    assert ("Ana Bekova", "Status", "Not yet rated → In progress") in changes
    assert ("Ana Bekova", "Assigned to", "Ana Bekova → bob") in changes
    assert "<div><dt>Assigned to</dt><dd>bob</dd></div>" in html
    assert f'<a class="button" href="{progress_form_of(commitment)}?next=' in html


def test_commitment_page_says_when_nothing_was_logged_or_changed(
    analyst_client, commitment
):
    html = analyst_client.get(page_of(commitment)).content.decode()

    assert "No progress logged yet." in html
    assert "No changes since it was accepted on " in html
    assert "<div><dt>Assigned to</dt><dd>Ana Bekova</dd></div>" in html


def test_commitment_page_of_an_unassigned_commitment_says_nobody(analyst_client):
    unassigned = CommitmentFactory()

    response = analyst_client.get(page_of(unassigned))

    assert response.status_code == 200
    assert "<div><dt>Assigned to</dt><dd>Nobody</dd></div>" in (
        response.content.decode()
    )


def test_commitment_page_query_count_does_not_grow_with_mentions_and_updates(
    analyst_client, analyst, commitment, django_assert_max_num_queries
):
    record(commitment, analyst)
    with CaptureQueriesContext(connection) as one:
        analyst_client.get(page_of(commitment))
    for _ in range(4):
        commitment_services.merge_candidate(
            CandidateFactory().pk, commitment.pk, reviewer=analyst
        )
        record(commitment, UserFactory(), evidence=services.Evidence(kind="other"))

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = analyst_client.get(page_of(commitment))

    assert len(response.context["updates"]) == 5
    assert len(response.context["mentions"]) == 5


def test_commitment_page_query_count_does_not_grow_with_the_history_of_changes(
    analyst_client, analyst, commitment, django_assert_max_num_queries
):
    commitment_services.assign(commitment.pk, UserFactory(), by=analyst)
    with CaptureQueriesContext(connection) as one:
        analyst_client.get(page_of(commitment))
    for _ in range(4):
        commitment_services.assign(commitment.pk, UserFactory(), by=UserFactory())

    with django_assert_max_num_queries(len(one.captured_queries)):
        analyst_client.get(page_of(commitment))


def test_commitment_page_is_404_for_an_unknown_commitment(analyst_client):
    assert analyst_client.get("/analyst/commitments/999999/").status_code == 404


# ------------------------------------------------------------------- log progress


def test_log_progress_form_starts_at_the_current_status(analyst_client, commitment):
    response = analyst_client.get(progress_form_of(commitment))

    assert response.status_code == 200
    assert response.context["form"]["status"].value() == "not_rated"
    assert "Rate “A new Water Code”" in response.content.decode()


def test_log_progress_records_an_update_through_the_service(
    analyst_client, analyst, commitment
):
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        response = analyst_client.post(
            progress_form_of(commitment),
            {
                "status": "stalled",
                "reason": "no_funding",
                "evidence_kind": "budget_or_statistics",
                "evidence_url": "https://budget.example/2024",
                "evidence_title": "Budget 2024",
                "evidence_on": "2024-05-30",
                "note": "  No money in the budget.  ",
            },
            follow=True,
        )

    assert response.redirect_chain == [(page_of(commitment), 302)]
    assert messages_in(response) == ["Progress logged on “A new Water Code”: Stalled."]
    update = ProgressUpdate.objects.get()
    assert {
        "commitment": update.commitment_id,
        "author": update.author,
        "status": update.status,
        "reason": update.reason,
        "evidence_kind": update.evidence_kind,
        "evidence_url": update.evidence_url,
        "evidence_title": update.evidence_title,
        "evidence_on": update.evidence_on,
        "note": update.note,
    } == {
        "commitment": commitment.pk,
        "author": analyst,
        "status": "stalled",
        "reason": "no_funding",
        "evidence_kind": "budget_or_statistics",
        "evidence_url": "https://budget.example/2024",
        "evidence_title": "Budget 2024",
        "evidence_on": dt.date(2024, 5, 30),
        "note": "No money in the budget.",
    }
    commitment.refresh_from_db()
    assert commitment.status == "stalled"


def test_log_progress_with_a_final_status_cancels_the_pending_reminders(
    analyst_client, commitment
):
    reminders.plan_reminders([commitment.pk])
    assert Reminder.objects.unsent().exists()

    analyst_client.post(
        progress_form_of(commitment),
        {
            "status": "achieved",
            "evidence_kind": "law_or_decree",
            "evidence_url": "https://adilet.example/decree/1",
        },
    )

    assert not Reminder.objects.unsent().exists()


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("status", "fields", "errors"),
    [
        pytest.param(
            "not_rated",
            {"status": "in_progress", "evidence_on": tomorrow},
            {"evidence_on": ["The evidence cannot be dated in the future."]},
            id="future evidence",
        ),
        pytest.param(
            "not_rated",
            {"status": "in_progress", "evidence_url": "ftp://files.example/decree"},
            {"evidence_url": ["The evidence link must be an http(s) URL."]},
            id="ftp link",
        ),
        pytest.param(
            "achieved",
            {"status": "not_rated"},
            {"note": ["Explain in a note why a final rating goes back to not rated."]},
            id="unrating without a note",
        ),
    ],
)
def test_log_progress_shows_the_services_errors_and_writes_nothing(
    analyst_client, commitment, status, fields, errors
):
    Commitment.objects.filter(pk=commitment.pk).update(status=status)
    data = {
        "evidence_kind": "news_report",
        **{
            name: value() if callable(value) else value
            for name, value in fields.items()
        },
    }

    response = analyst_client.post(progress_form_of(commitment), data)

    assert response.status_code == 200
    assert field_errors(response) == errors
    [message] = next(iter(errors.values()))
    assert f'<p class="field-error" role="alert">{message}</p>' in (
        response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    commitment.refresh_from_db()
    assert (commitment.status, commitment.version) == (status, 1)


def test_log_progress_is_forbidden_without_the_permission(client, commitment):
    client.force_login(UserFactory(username="visitor"))

    looked = client.get(progress_form_of(commitment))
    posted = client.post(
        progress_form_of(commitment),
        {"status": "achieved", "evidence_kind": "news_report"},
    )

    assert (looked.status_code, posted.status_code) == (403, 403)
    assert not ProgressUpdate.objects.exists()


# ---------------------------------------------------------------- reminder settings


def test_reminder_settings_start_at_as_they_fall_due(analyst_client):
    response = analyst_client.get(PREFERENCES)

    assert response.status_code == 200
    assert response.context["form"]["frequency"].value() == "immediate"


@pytest.mark.parametrize("frequency", ReminderFrequency.values)
def test_reminder_settings_save_each_choice(analyst_client, analyst, frequency):
    response = analyst_client.post(PREFERENCES, {"frequency": frequency}, follow=True)

    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert messages_in(response) == ["Your reminder settings are saved."]
    assert ReminderPreference.objects.get(user=analyst).frequency == frequency
    assert response.context["form"]["frequency"].value() == frequency


def test_reminder_settings_off_removes_my_unsent_reminders(
    analyst_client, analyst, commitment
):
    reminders.plan_reminders([commitment.pk])
    assert Reminder.objects.unsent().filter(recipient=analyst).exists()

    analyst_client.post(PREFERENCES, {"frequency": "off"})

    assert not Reminder.objects.filter(recipient=analyst).exists()


def test_reminder_settings_refuse_an_unknown_choice(analyst_client, analyst):
    response = analyst_client.post(PREFERENCES, {"frequency": "hourly"})

    assert response.status_code == 200
    assert "frequency" in field_errors(response)
    assert not ReminderPreference.objects.exists()


# -------------------------------------------------------------------- unsubscribe


@pytest.fixture
def subscribed(analyst, commitment) -> dict[str, Any]:
    reminders.plan_reminders([commitment.pk])
    sent = Reminder.objects.filter(recipient=analyst).earliest("due_at")
    Reminder.objects.filter(pk=sent.pk).update(sent_at=timezone.now())
    return {"token": reminders.unsubscribe_token(analyst), "sent": sent}


def test_unsubscribe_link_asks_before_it_changes_anything(client, subscribed):
    before = list(Reminder.objects.order_by("pk").values())

    response = client.get(unsubscribe_link(subscribed["token"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Stop reminder emails?</h1>" in html
    assert "ana will get no more reminders" in html
    assert '<form method="post">' in html
    assert not ReminderPreference.objects.exists()
    assert list(Reminder.objects.order_by("pk").values()) == before


def test_unsubscribe_link_posted_without_a_session_or_csrf_token_unsubscribes(
    analyst, subscribed
):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_link(subscribed["token"]))

    assert response.status_code == 200
    assert "<h1>You are unsubscribed</h1>" in response.content.decode()
    assert ReminderPreference.objects.get(user=analyst).frequency == "off"
    assert list(Reminder.objects.values_list("pk", flat=True)) == [
        subscribed["sent"].pk
    ]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
            id="signature",
        ),
        pytest.param(lambda token: signing.dumps(1, salt="another.salt"), id="salt"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused(client, subscribed, tamper, method):
    before = list(Reminder.objects.order_by("pk").values())

    response = getattr(client, method)(unsubscribe_link(tamper(subscribed["token"])))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not ReminderPreference.objects.exists()
    assert list(Reminder.objects.order_by("pk").values()) == before


# ----------------------------------------------------------------------- escaping


def test_speech_and_commitment_text_is_escaped_on_the_analyst_pages(
    analyst_client, analyst
):
    address = AddressFactory(
        title=f"Address {SCRIPT}",
        text=f"Opening.\n\nWe will build {SCRIPT} schools by 2030.\n",
    )
    commitment = CommitmentFactory(
        candidate=CandidateFactory(address=address),
        changes={"title": f"Title {SCRIPT}", "target": f"Target {SCRIPT}"},
        assignee=analyst,
    )
    record(
        commitment,
        analyst,
        note=f"Note {SCRIPT}",
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT,
            url="https://kazinform.kz/news/1",
            title=f"Evidence {SCRIPT}",
        ),
    )

    pages = [
        analyst_client.get(page).content.decode()
        for page in (page_of(commitment), progress_form_of(commitment), WORKSPACE)
    ]

    assert all(SCRIPT not in html for html in pages)
    detail, form, workspace = pages
    for text in ("Title", "Target", "Evidence", "Address", "build"):
        assert f"{text} {ESCAPED_SCRIPT}" in detail
    # The note is Markdown, whose raw HTML is shown as text, never run.
    assert "<p>Note &lt;script&gt;alert('pwned')&lt;/script&gt;</p>" in detail
    assert f"Title {ESCAPED_SCRIPT}" in form
    assert f"Title {ESCAPED_SCRIPT}" in workspace


def test_commitment_text_is_escaped_in_the_html_reminder_email(settings, analyst):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    commitment = CommitmentFactory(changes={"title": f"Title {SCRIPT}"})
    ReminderFactory(commitment=commitment, recipient=analyst)

    reminders.send_due_reminders()

    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    [(html, mimetype)] = message.alternatives
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert SCRIPT not in html
    assert f"Title {ESCAPED_SCRIPT}" in html
    assert f"- Title {SCRIPT}" in message.body  # plain text needs no escaping
