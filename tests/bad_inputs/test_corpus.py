"""The bad-input corpus (`tests/data/bad_inputs/`, see its README) through every
entry point: the import commands, the analysts' forms, the readers' form, the API's
writes, and the query parameters of the public pages, the CSV, the feeds, the
calendar and the API's lists.

Whatever comes in, the answer is never a 500 (nor a crash of a command). A refusal
is a 4xx, a form shown again with the error beside its field, a review page saying
"Not saved", or exit status 2 with the reason on stderr, and it writes nothing: the
rows of every model are counted before and after. Input that is valid, however
hostile its content (a speech or note with `<script>`, SQL, direction marks, emoji),
is stored as given and shown escaped: the page, read with an HTML parser, holds no
element or attribute the input brought.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from addresses.models import Address
from commitments.models import Candidate, Commitment
from tests.api.conftest import keyed_client
from tests.dashboard.helpers import published
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    edit_form,
)
from tracking import submissions
from tracking.demo import ensure_groups
from tracking.models import ReaderSubmission, SubmissionState

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "data" / "bad_inputs"
# Every script or handler in the corpus calls this; a live one on a page is a hole.
MARKER = "uade-xss"
# Delivered before every date the tests type, so evidence dates are not refused
# for being earlier than the commitment.
DELIVERED = dt.date(2020, 9, 1)

# ------------------------------------------------------------------- the corpus

# Speech texts: what each one is, and whether an import must refuse it. A refusal
# names this fragment of its message (case ignored).
TEXTS: dict[str, str | None] = {
    "binary.png": "nul",
    "empty.txt": "empty|missing",
    "invisible_only.txt": "no letters",
    "latin1.txt": "utf-8",
    "utf16_without_bom.txt": "nul",
    "utf16_broken.txt": "utf-16",
    "ansi_escape.txt": "control character",
    "nul_in_utf8.txt": "nul",
    "script_in_speech.txt": None,
    "sql_in_speech.txt": None,
    "unicode_edges.txt": None,
    "long_line.txt": None,
    "long_word.txt": None,
    "windows_1251.txt": None,
    "crlf_and_separators.txt": None,
}
# Manifests: the exit status of `import_addresses`, how many speeches it imports,
# and a fragment of what it says on stderr (for refusals).
MANIFESTS: dict[str, tuple[int, int, str]] = {
    "manifest_yaml.json": (2, 0, "not valid json"),
    "manifest_csv.json": (2, 0, "not valid json"),
    "manifest_truncated.json": (2, 0, "not valid json"),
    "manifest_empty.json": (2, 0, "not valid json"),
    "manifest_object.json": (2, 0, "must be a json list"),
    "manifest_deep.json": (2, 0, "more than 5 deep"),
    "manifest_latin1.json": (2, 0, "not utf-8"),
    "manifest_missing_fields.json": (2, 0, "must be an object"),
    "manifest_wrong_types.json": (2, 0, "not a string"),
    "manifest_unknown_field.json": (2, 0, 'unknown field "date"'),
    "manifest_missing_file.json": (2, 0, "cannot read"),
    "manifest_traversal.json": (2, 0, "outside the manifest's folder"),
    "manifest_refused_texts.json": (2, 0, "refused"),
    "manifest_bad_dates.json": (2, 0, "delivery date"),
    "manifest_bad_metadata.json": (2, 0, "refused"),
    "manifest_duplicates.json": (0, 1, ""),
    "manifest_empty_list.json": (0, 0, ""),
}
STRINGS: list[str] = json.loads((CORPUS / "strings.json").read_text("utf-8"))
DATES: list[str] = json.loads((CORPUS / "dates.json").read_text("utf-8"))


def test_every_corpus_file_has_a_decision() -> None:
    files = {path.name for path in CORPUS.iterdir()} - {
        "README.md",
        "strings.json",
        "dates.json",
    }
    assert files == set(TEXTS) | set(MANIFESTS)
    size = sum(path.stat().st_size for path in CORPUS.iterdir())
    assert size < 200 * 1024


def _string_id(value: str) -> str:
    shown = value.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= 40 else f"{shown[:30]}…({len(value)} chars)"


# ---------------------------------------------------------------- what is written

# Tables a refusal may still write to. None: a refused review keeps the typed fields
# in the session, but that updates the signed-in analyst's row, and flash messages
# ride in a cookie. (Sign-in lockouts and API throttles would count here; no entry
# point tried is a sign-in, and the throttle counts in the cache.)
MAY_CHANGE_ON_REFUSAL: set[str] = set()


def row_counts() -> dict[str, int]:
    """Rows of every model's table, in one query."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in MAY_CHANGE_ON_REFUSAL
        and not model._meta.proxy
        and model._meta.managed
    ]
    quote = connection.ops.quote_name
    # Table names come from the models, quoted: nothing here is input.
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {
        model._meta.label_lower: count for model, count in zip(models, row, strict=True)
    }


# ----------------------------------------------------------- reading the answer


@dataclass
class Answer:
    """What an entry point said: an HTTP status (or exit status for a command),
    whether it refused, the message it gave, and the page that shows the result."""

    status: int
    refused: bool
    message: str = ""
    shown: list[str] = field(default_factory=list)


class _LiveMarkup(HTMLParser):
    """Collect what would run in a browser: scripts, event handlers, javascript:
    links, frames and objects that carry the corpus's marker."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A JSON data block is not run, though it may quote the input (json_script).
        kind = dict(attrs).get("type") or ""
        self._in_script = tag == "script" and "json" not in kind
        for name, value in attrs:
            value = value or ""
            if MARKER in value and (
                name.startswith("on")
                or value.strip().lower().startswith("javascript:")
                or tag in {"script", "iframe", "svg", "object", "embed"}
            ):
                self.live.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and MARKER in data:
            self.live.append(f"<script>{data}</script>")


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.live


def form_refusal(response: Any, *names: str) -> tuple[bool, str]:
    """Whether a re-shown form (200) carries errors, and what they say."""
    context = response.context or {}
    errors: list[str] = []
    for name in names:
        form = context.get(name) if hasattr(context, "get") else None
        if form is not None and form.errors:
            errors += [
                str(message)
                for messages in form.errors.values()
                for message in messages
            ]
    return bool(errors), " ".join(errors)


def flash(response: Any) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# ------------------------------------------------------------------- the world


@dataclass
class World:
    analyst: Any
    web: Client
    api: APIClient
    reader: Client
    commitment: Commitment
    candidate: Candidate
    address: Address
    submission: ReaderSubmission
    folder: Path
    tried: list[str]


@pytest.fixture
def world(settings: Any, tmp_path: Path, tried: list[str]) -> World:
    settings.UADE_SUBMISSIONS_PER_HOUR = 10_000
    analysts, editors = ensure_groups()
    analyst = AnalystFactory(username="ana")
    analyst.groups.add(analysts, editors)
    web = Client()
    web.force_login(analyst)
    api, _, _ = keyed_client(user=analyst)
    address = AddressFactory(delivered_on=DELIVERED)
    commitment = published("Build 100 schools", address=address)
    candidate = CandidateFactory(address=address)
    submission = submissions.submit(
        commitment.pk,
        note="The law was adopted.",
        url="https://example.org/law",
        email="",
        client_address="198.51.100.7",
    ).submission
    assert submission is not None
    return World(
        analyst,
        web,
        api,
        Client(),
        commitment,
        candidate,
        address,
        submission,
        tmp_path,
        tried,
    )


def pair(world: World, entry: str, value: str) -> None:
    world.tried.append(f"{_string_id(value)} × {entry}")


def _web_answer(response: Any, *forms: str) -> Answer:
    assert response.status_code < 500, response.content[:2000]
    if response.status_code >= 400:
        return Answer(response.status_code, True, response.content.decode()[:2000])
    has_errors, message = form_refusal(response, *forms)
    context = response.context or {}
    if not has_errors and hasattr(context, "get") and context.get("conflict"):
        # Someone else's version: both are shown side by side, nothing is saved.
        return Answer(
            response.status_code, True, "conflict: " + str(context["conflict"])
        )
    return Answer(response.status_code, has_errors, message)


def _api_answer(response: Any) -> Answer:
    assert response.status_code < 500, response.content[:2000]
    if response.status_code >= 400:
        return Answer(response.status_code, True, response.content.decode()[:2000])
    return Answer(response.status_code, False)


def _command(name: str, *args: str, **options: Any) -> Answer:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    except CommandError as error:
        status, message = error.returncode, f"{error} {stderr.getvalue()}"
    else:
        return Answer(0, False, stdout.getvalue())
    assert status == 2, message  # how the import commands refuse
    return Answer(status, True, message)


def _speech_page(world: World) -> list[str]:
    """The public page and the review page of the newest speech."""
    address = Address.objects.latest("pk")
    return [
        world.reader.get(f"/addresses/{address.slug}/").content.decode(),
        world.web.get(f"/analyst/addresses/{address.slug}/review/").content.decode(),
    ]


# ------------------------------------------------------------- importing speeches

METADATA = {
    "title": "Address on bad input",
    "speaker": "Kassym-Jomart Tokayev",
    "delivered_on": "2021-02-03",
}


def import_by_command(world: World, data: bytes, **metadata: str) -> Answer:
    fields = {**METADATA, **metadata}
    path = world.folder / "speech.txt"
    path.write_bytes(data)
    # As typed in a shell, "--date=VALUE": a value that starts with "-" stays a value.
    return _command(
        "import_address",
        str(path),
        f"--title={fields['title']}",
        f"--speaker={fields['speaker']}",
        f"--date={fields['delivered_on']}",
    )


def import_by_manifest(world: World, data: bytes, **metadata: str) -> Answer:
    (world.folder / "speech.txt").write_bytes(data)
    manifest = world.folder / "manifest.json"
    entry = {"file": "speech.txt", **METADATA, **metadata}
    manifest.write_text(json.dumps([entry]), encoding="utf-8")
    return _command("import_addresses", str(manifest))


def _form_metadata(metadata: dict[str, str]) -> dict[str, str]:
    fields = {**METADATA, **metadata}
    return {
        "title": fields["title"],
        "new_speaker": fields["speaker"],
        "kind": "address",
        "delivered_on": fields["delivered_on"],
        "language": "en",
    }


def import_by_upload(world: World, data: bytes, **metadata: str) -> Answer:
    upload = SimpleUploadedFile("speech.txt", data, "text/plain")
    response = world.web.post(
        "/analyst/import/", {"file": upload, **_form_metadata(metadata)}
    )
    return _web_answer(response, "form")


def import_by_paste(world: World, data: bytes, **metadata: str) -> Answer:
    text = data.decode("utf-8")  # a browser's textarea sends text, never bytes
    response = world.web.post(
        "/analyst/import/", {"text": text, **_form_metadata(metadata)}
    )
    return _web_answer(response, "form")


def import_by_api(world: World, data: bytes, **metadata: str) -> Answer:
    upload = SimpleUploadedFile("speech.txt", data, "text/plain")
    response = world.api.post(
        "/api/v1/addresses/",
        {"file": upload, **METADATA, **metadata},
        format="multipart",
    )
    return _api_answer(response)


IMPORTS: dict[str, Callable[..., Answer]] = {
    "import_address command": import_by_command,
    "import_addresses manifest": import_by_manifest,
    "import form upload": import_by_upload,
    "import form paste": import_by_paste,
    "API import": import_by_api,
}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


TEXT_PAIRS = [
    pytest.param(name, entry, id=f"{name}-{entry}")
    for name in TEXTS
    for entry in IMPORTS
    if entry != "import form paste" or _is_utf8((CORPUS / name).read_bytes())
]


@pytest.mark.parametrize(("name", "entry"), TEXT_PAIRS)
def test_a_speech_file_is_refused_writing_nothing_or_imported_and_shown_escaped(
    world: World, name: str, entry: str
) -> None:
    pair(world, entry, name)
    data = (CORPUS / name).read_bytes()
    before = row_counts()

    answer = IMPORTS[entry](world, data)

    refusal = TEXTS[name]
    if refusal is None:
        assert not answer.refused, answer.message
        assert row_counts()["addresses.address"] == before["addresses.address"] + 1
        for html in _speech_page(world):
            assert live_markup(html) == []
            if MARKER.encode() in data:
                assert MARKER in html  # shown, as text
    else:
        assert answer.refused
        message = answer.message.lower()
        assert any(part in message for part in refusal.split("|")), answer.message
        assert row_counts() == before


@pytest.mark.parametrize("entry", list(IMPORTS))
def test_a_text_just_over_the_size_limit_is_refused_writing_nothing(
    world: World, entry: str
) -> None:
    pair(world, entry, "huge (limit + 1 bytes)")
    limit = settings.UADE_MAX_TEXT_BYTES
    data = (b"We will build schools. " * (limit // 23 + 1))[: limit + 1]
    before = row_counts()

    answer = IMPORTS[entry](world, data)

    assert answer.refused
    assert "mb" in answer.message.lower(), answer.message[:500]
    assert row_counts() == before


@pytest.mark.parametrize("name", list(MANIFESTS))
def test_a_manifest_is_refused_on_stderr_with_status_2_or_imported(
    world: World, name: str
) -> None:
    pair(world, "import_addresses", name)
    status, imported, message = MANIFESTS[name]
    before = row_counts()

    answer = _command("import_addresses", str(CORPUS / name))

    assert answer.status == status, answer.message
    assert message in answer.message.lower(), answer.message
    after = row_counts()
    assert after["addresses.address"] == before["addresses.address"] + imported
    if not imported:
        assert after == before


def test_the_markup_reader_finds_what_would_run() -> None:
    live = (
        "<p><script>alert('uade-xss')</script><img src=x onerror=\"alert('uade-xss')\">"
        "<a href=\"javascript:alert('uade-xss')\">x</a></p>"
    )
    escaped = "<p>&lt;script&gt;alert('uade-xss')&lt;/script&gt;</p>"

    assert len(live_markup(live)) == 3
    assert live_markup(escaped) == []


# ------------------------------------------------------- hostile strings in fields


def _edit_data(commitment: Commitment, **changes: str) -> dict[str, Any]:
    commitment.refresh_from_db()
    return edit_form(commitment, **changes)


def _public_page(world: World) -> list[str]:
    commitment = world.commitment
    return [
        world.reader.get(
            f"/commitments/{commitment.pk}/", follow=True
        ).content.decode(),
        world.web.get(f"/analyst/commitments/{commitment.pk}/").content.decode(),
    ]


def edit_title(world: World, value: str) -> Answer:
    url = f"/analyst/commitments/{world.commitment.pk}/"
    response = world.web.post(url, _edit_data(world.commitment, title=value))
    answer = _web_answer(response, "edit_form")
    if not answer.refused:
        answer.shown = _public_page(world)
    return answer


def edit_deadline(world: World, value: str) -> Answer:
    url = f"/analyst/commitments/{world.commitment.pk}/"
    response = world.web.post(url, _edit_data(world.commitment, deadline=value))
    return _web_answer(response, "edit_form")


def _progress(**changes: str) -> dict[str, str]:
    return {
        "status": "in_progress",
        "evidence_kind": "news_report",
        "evidence_url": "https://example.org/news",
        "evidence_title": "News",
        "evidence_on": "2021-03-01",
        "note": "Work has started.",
        **changes,
    }


def log_progress(world: World, **changes: str) -> Answer:
    url = f"/analyst/commitments/{world.commitment.pk}/progress/"
    response = world.web.post(url, _progress(**changes))
    answer = _web_answer(response, "form")
    if not answer.refused:
        answer.shown = _public_page(world)
    return answer


def _reviewed(world: World) -> list[str]:
    """The review page with every candidate, and the commitment one became."""
    candidate = Candidate.objects.get(pk=world.candidate.pk)
    pages = [f"/analyst/addresses/{candidate.address.slug}/review/?filter=all"]
    if candidate.commitment_id:
        pages.append(f"/analyst/commitments/{candidate.commitment_id}/")
    return [world.web.get(page).content.decode() for page in pages]


def review(world: World, **fields: str) -> Answer:
    candidate = world.candidate
    url = f"/analyst/addresses/{candidate.address.slug}/review/{candidate.pk}/"
    response = world.web.post(url, fields, follow=True)
    assert response.status_code < 500
    said = flash(response)
    refused = (
        "Not saved" in said
        or "nothing was changed" in said
        or (Candidate.objects.get(pk=candidate.pk).is_pending)
    )
    return Answer(response.status_code, refused, said, _reviewed(world))


def review_bulk(world: World, **fields: Any) -> Answer:
    address = world.candidate.address
    response = world.web.post(
        f"/analyst/addresses/{address.slug}/review/bulk/", fields, follow=True
    )
    assert response.status_code < 500
    said = flash(response)
    refused = Candidate.objects.get(pk=world.candidate.pk).is_pending
    return Answer(response.status_code, refused, said, _reviewed(world))


def review_add(world: World, start: str, end: str) -> Answer:
    address = world.candidate.address
    response = world.web.post(
        f"/analyst/addresses/{address.slug}/review/add/",
        {"start": start, "end": end},
        follow=True,
    )
    assert response.status_code < 500
    said = flash(response)
    return Answer(response.status_code, "Not added" in said or "Give" in said, said)


def suggest(world: World, **fields: str) -> Answer:
    data = {"url": "https://example.org/law", "note": "Adopted.", "email": "", **fields}
    response = world.reader.post(f"/commitments/{world.commitment.pk}/suggest/", data)
    answer = _web_answer(response, "form")
    if not answer.refused:
        answer.shown = [world.web.get("/analyst/submissions/").content.decode()]
    return answer


def api_update(world: World, **changes: Any) -> Answer:
    body = {
        "commitment": world.commitment.pk,
        "status": "in_progress",
        "evidence_kind": "news_report",
        "evidence_url": "https://example.org/news",
        "evidence_on": "2021-03-01",
        "note": "Work has started.",
        **changes,
    }
    answer = _api_answer(world.api.post("/api/v1/updates/", body, format="json"))
    if not answer.refused:
        answer.shown = _public_page(world)
    return answer


def api_patch(world: World, **changes: Any) -> Answer:
    world.commitment.refresh_from_db()
    response = world.api.patch(
        f"/api/v1/commitments/{world.commitment.pk}/",
        {"version": world.commitment.version, **changes},
        format="json",
    )
    answer = _api_answer(response)
    if not answer.refused:
        answer.shown = _public_page(world)
    return answer


def api_review(world: World, action: str, **body: Any) -> Answer:
    response = world.api.post(
        f"/api/v1/candidates/{world.candidate.pk}/{action}/", body, format="json"
    )
    answer = _api_answer(response)
    if not answer.refused:
        answer.shown = _reviewed(world)
    return answer


def dismiss_submission(world: World, note: str) -> Answer:
    submission = world.submission
    response = world.web.post(
        f"/analyst/submissions/{submission.pk}/dismiss/",
        {"reason": "other", "note": note},
    )
    answer = _web_answer(response, "form")
    submission.refresh_from_db()
    answer.refused = submission.state == SubmissionState.PENDING
    if not answer.refused:
        answer.shown = [world.web.get("/analyst/submissions/").content.decode()]
    return answer


_SPEECH = (CORPUS / "windows_1251.txt").read_bytes()


def _imported(answer: Answer, world: World) -> Answer:
    if not answer.refused:
        answer.shown = _speech_page(world)
    return answer


STRING_ENTRIES: dict[str, Callable[[World, str], Answer]] = {
    "commitment edit form, title": edit_title,
    "log progress form, note": lambda world, value: log_progress(world, note=value),
    "log progress form, evidence title": lambda world, value: log_progress(
        world, evidence_title=value
    ),
    "review accept, title": lambda world, value: review(
        world, action="accept", title=value
    ),
    "review reject, reason": lambda world, value: review(
        world, action="reject", reason="Other", reason_detail=value
    ),
    "review bulk reject, reason": lambda world, value: review_bulk(
        world,
        action="reject",
        candidate=[world.candidate.pk],
        reason="Other",
        reason_detail=value,
    ),
    "readers' suggestion form, note": lambda world, value: suggest(world, note=value),
    "readers' suggestion form, link": lambda world, value: suggest(world, url=value),
    "readers' suggestion form, email": lambda world, value: suggest(world, email=value),
    "log progress form, evidence link": lambda world, value: log_progress(
        world, evidence_url=value
    ),
    "submission dismiss form, note": dismiss_submission,
    "API update create, evidence_url": lambda world, value: api_update(
        world, evidence_url=value
    ),
    "API update create, note": lambda world, value: api_update(world, note=value),
    "API commitment PATCH, title": lambda world, value: api_patch(world, title=value),
    "API candidate accept, title": lambda world, value: api_review(
        world, "accept", title=value
    ),
    "API candidate reject, reason": lambda world, value: api_review(
        world, "reject", reason=value
    ),
    "import form, title": lambda world, value: _imported(
        import_by_paste(world, _SPEECH.decode("cp1251").encode(), title=value), world
    ),
    "import_address command, title": lambda world, value: _imported(
        import_by_command(world, _SPEECH, title=value), world
    ),
    "API import, speaker": lambda world, value: _imported(
        import_by_api(world, _SPEECH, speaker=value), world
    ),
}


@pytest.mark.parametrize(
    ("value", "entry"),
    [
        pytest.param(value, entry, id=f"{_string_id(value)}-{entry}")
        for value in STRINGS
        for entry in STRING_ENTRIES
    ],
)
def test_a_hostile_string_is_refused_writing_nothing_or_kept_and_shown_escaped(
    world: World, value: str, entry: str
) -> None:
    pair(world, entry, value)
    before = row_counts()

    answer = STRING_ENTRIES[entry](world, value)

    # PostgreSQL stores no NUL, and every field is shorter than 20,000 characters.
    if "\x00" in value or len(value) > 10_000:
        assert answer.refused, f"{_string_id(value)} was accepted"
    if answer.refused:
        assert answer.message.strip(), "a refusal says why"
        assert row_counts() == before, answer.message
    for html in answer.shown:
        assert live_markup(html) == []
    if MARKER in value and not answer.refused:
        # Kept and shown, as text: the pages looked at are the ones that show it.
        assert any(MARKER in html for html in answer.shown)


# ------------------------------------------------------------- dates in fields

# Where a date is typed, and whether it may lie in the future. Deadlines may (up to
# UADE_MAX_YEAR); delivery and evidence dates may not.
DATE_ENTRIES: dict[str, tuple[Callable[[World, str], Answer], bool]] = {
    "import_address command, --date": (
        lambda world, value: import_by_command(world, _SPEECH, delivered_on=value),
        False,
    ),
    "import_addresses manifest, delivered_on": (
        lambda world, value: import_by_manifest(world, _SPEECH, delivered_on=value),
        False,
    ),
    "import form, delivered on": (
        lambda world, value: import_by_upload(world, _SPEECH, delivered_on=value),
        False,
    ),
    "API import, delivered_on": (
        lambda world, value: import_by_api(world, _SPEECH, delivered_on=value),
        False,
    ),
    "commitment edit form, deadline": (edit_deadline, True),
    "log progress form, evidence date": (
        lambda world, value: log_progress(world, evidence_on=value),
        False,
    ),
    "review accept, deadline": (
        lambda world, value: review(world, action="accept", deadline=value),
        True,
    ),
    "API update create, evidence_on": (
        lambda world, value: api_update(world, evidence_on=value),
        False,
    ),
    "API commitment PATCH, deadline": (
        lambda world, value: api_patch(world, deadline=value),
        True,
    ),
    "API candidate accept, deadline": (
        lambda world, value: api_review(world, "accept", deadline=value),
        True,
    ),
}
# A valid date in the future: a deadline, never a delivery or evidence date.
FUTURE = "2150-01-01"
# Real dates in a loose form: the forms and the API read them (3 February 2021, as
# Django and DRF parse dates), the importers take strict YYYY-MM-DD only. Either
# answer is right; a 500 or a half-written refusal is not.
LOOSE = {"2021-2-3", "\u0662\u0660\u0662\u0661-\u0660\u0662-\u0660\u0663"}
# Fields that may be left empty: no deadline, no evidence date.
OPTIONAL = {
    "commitment edit form, deadline",
    "log progress form, evidence date",
    "review accept, deadline",
    "API commitment PATCH, deadline",
    "API candidate accept, deadline",
}


@pytest.mark.parametrize(
    ("value", "entry"),
    [
        pytest.param(value, entry, id=f"{_string_id(value)}-{entry}")
        for value in DATES
        for entry in DATE_ENTRIES
    ],
)
def test_an_impossible_date_is_refused_writing_nothing(
    world: World, value: str, entry: str
) -> None:
    pair(world, entry, value)
    submit, future_allowed = DATE_ENTRIES[entry]
    before = row_counts()

    answer = submit(world, value)

    if answer.refused:
        assert answer.message.strip(), "a refusal says why"
        assert row_counts() == before, answer.message
    may_accept = (
        value in LOOSE
        or (value == FUTURE and future_allowed)
        or (value == "" and entry in OPTIONAL)
    )
    if value == FUTURE and future_allowed:
        assert not answer.refused, answer.message
    elif not may_accept:
        assert answer.refused, f"{value!r} was accepted"


# ------------------------------------------------------------ query parameters

# Values typed into URLs: words for numbers, a year past any calendar, numbers past
# any column, impossible dates, markup, SQL, a NUL, a digit that is not ASCII ("²"
# passes str.isdigit but not int), direction marks, and a very long value.
QUERY_VALUES = [
    "abc",
    "-1",
    "99999",
    "99999999999999999999",
    "2021-02-30",
    "<script>alert('uade-xss')</script>",
    "' OR 1=1 --",
    "\x00",
    "²",
    "\u200f\u202e",
    "x" * 3000,
]


# (client, path, parameters): every list, feed and page that reads its URL.
QUERY_ENTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "public list": (
        "reader",
        "/commitments/",
        (
            "page",
            "status",
            "area",
            "actor",
            "speech",
            "speaker",
            "deadline_after",
            "deadline_before",
            "overdue",
            "updated_since",
            "goalposts_moved",
            "q",
            "sort",
        ),
    ),
    "public list (Russian)": ("reader", "/ru/commitments/", ("page", "q", "status")),
    "CSV export": (
        "reader",
        "/commitments.csv",
        (
            "status",
            "area",
            "speech",
            "speaker",
            "deadline_after",
            "deadline_before",
            "overdue",
            "updated_since",
            "q",
            "sort",
        ),
    ),
    "scoreboard": ("reader", "/", ("area", "speaker")),
    "calendar": ("reader", "/calendar/", ("year",)),
    "calendar feed": ("reader", "/calendar.ics", ("year",)),
    "updates feed": ("reader", "/feeds/updates/", ("page",)),
    "speeches": ("reader", "/addresses/", ("page", "speaker")),
    "API commitments": (
        "reader",
        "/api/v1/commitments/",
        (
            "page",
            "page_size",
            "status",
            "area",
            "actor",
            "address",
            "speaker",
            "deadline_after",
            "deadline_before",
            "overdue",
            "updated_since",
            "search",
            "ordering",
            "goalposts_moved",
            "format",
        ),
    ),
    "API updates": (
        "reader",
        "/api/v1/updates/",
        ("cursor", "page_size", "commitment"),
    ),
    "API addresses": ("reader", "/api/v1/addresses/", ("page", "speaker", "text")),
    "API stats": ("reader", "/api/v1/stats/", ("area", "speaker")),
    "API candidates": ("api", "/api/v1/candidates/", ("state", "address", "page")),
    "analyst list": (
        "web",
        "/analyst/commitments/",
        (
            "page",
            "status",
            "area",
            "assignee",
            "overdue",
            "due_within",
            "speech",
            "published",
            "stale",
            "q",
            "sort",
        ),
    ),
    "analyst home": ("web", "/analyst/", ("due", "late", "quiet", "overdue", "queues")),
    "log progress form": (
        "web",
        "/analyst/commitments/{commitment}/progress/",
        ("evidence_address", "evidence_start", "evidence_end", "next"),
    ),
    "review page": (
        "web",
        "/analyst/addresses/{slug}/review/",
        ("filter", "at", "page", "q", "evidence_page"),
    ),
}
QUERY_PAIRS = [
    pytest.param(entry, name, value, id=f"{entry}-{name}={_string_id(value)}")
    for entry, (_, _, names) in QUERY_ENTRIES.items()
    for name in names
    for value in QUERY_VALUES
]


@pytest.mark.parametrize(("entry", "name", "value"), QUERY_PAIRS)
def test_a_bad_query_parameter_is_answered_without_a_500_or_a_write(
    world: World, entry: str, name: str, value: str
) -> None:
    pair(world, f"{entry} ?{name}=", value)
    client_name, path, _ = QUERY_ENTRIES[entry]
    path = path.format(
        commitment=world.commitment.pk, slug=world.candidate.address.slug
    )
    query = {name: value}
    if entry == "review page" and name == "q":
        query["search_for"] = str(world.candidate.pk)  # the search box of one
    if entry == "log progress form" and name != "evidence_address":
        query["evidence_address"] = str(world.address.pk)
    before = row_counts()

    response = getattr(world, client_name).get(path, query)

    assert response.status_code in {200, 400, 404}, response.status_code
    assert row_counts() == before
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response.status_code == 400:
        assert content.strip(), "a refusal says why"
    if "html" in response.get("Content-Type", ""):
        assert live_markup(content.decode()) == []


@pytest.mark.parametrize(
    "path",
    [
        "/commitments/99999999999999999999/",
        "/commitments/99999999999999999999-x/",
        "/commitments/99999999999999999999/suggest/",
        "/feeds/commitments/99999999999999999999/",
        "/feeds/areas/%3Cscript%3E/",
        "/feeds/addresses/%00/",
        "/addresses/%3Cscript%3Ealert('uade-xss')%3C%2Fscript%3E/",
        "/api/v1/commitments/99999999999999999999/",
        "/api/v1/commitments/abc/",
        "/api/v1/updates/99999999999999999999/",
        "/api/v1/addresses/%00/",
        "/api/v1/speakers/'%20OR%201=1/",
        "/analyst/commitments/99999999999999999999/",
        "/analyst/commitments/99999999999999999999/progress/",
        "/analyst/addresses/%00/review/",
        "/embed/commitments/99999999999999999999/",
    ],
)
def test_a_bad_id_in_the_path_is_a_404(world: World, path: str) -> None:
    pair(world, "path", path)
    client = world.web if path.startswith("/analyst/") else world.reader
    before = row_counts()

    response = client.get(path)

    assert response.status_code == 404
    assert row_counts() == before
    if "html" in response.get("Content-Type", ""):
        assert live_markup(response.content.decode()) == []


# ------------------------------------------------------ numbers in the forms

NUMBERS = ["abc", "-1", "99999999999999999999", "²", "", "1e3", "\x00"]


def _bulk_assign(world: World, value: str) -> Answer:
    response = world.web.post(
        "/analyst/commitments/",
        {"action": "assign", "selected": [value], "assignee": str(world.analyst.pk)},
        follow=True,
    )
    assert response.status_code < 500
    world.commitment.refresh_from_db()
    return Answer(
        response.status_code, world.commitment.assignee_id is None, flash(response)
    )


NUMBER_ENTRIES: dict[str, Callable[[World, str], Answer]] = {
    "review merge, commitment": lambda world, value: review(
        world, action="merge", commitment=value
    ),
    "review add, start": lambda world, value: review_add(world, value, "10"),
    "review add, end": lambda world, value: review_add(world, "0", value),
    "review bulk accept, candidate": lambda world, value: review_bulk(
        world, action="accept", candidate=[value]
    ),
    "commitment edit form, version": lambda world, value: _web_answer(
        world.web.post(
            f"/analyst/commitments/{world.commitment.pk}/",
            {**_edit_data(world.commitment, title="Changed"), "version": value},
        ),
        "edit_form",
    ),
    "analyst list bulk assign, selected": lambda world, value: _bulk_assign(
        world, value
    ),
    "commitment assign form, assignee": lambda world, value: _web_answer(
        world.web.post(
            f"/analyst/commitments/{world.commitment.pk}/",
            {"action": "assign", "assignee": value},
        ),
        "assign_form",
    ),
    "log progress form, evidence start": lambda world, value: log_progress(
        world,
        evidence_kind="later_speech",
        evidence_address=str(world.address.pk),
        evidence_start=value,
        evidence_end="20",
    ),
    "API candidate merge, commitment": lambda world, value: api_review(
        world, "merge", commitment=value
    ),
    "API update create, commitment": lambda world, value: api_update(
        world, commitment=value
    ),
    "API update create, evidence_end": lambda world, value: api_update(
        world,
        evidence_kind="later_speech",
        evidence_address=world.address.slug,
        evidence_start=0,
        evidence_end=value,
    ),
    "API commitment PATCH, version": lambda world, value: _api_answer(
        world.api.patch(
            f"/api/v1/commitments/{world.commitment.pk}/",
            {"title": "Changed", "version": value},
            format="json",
        )
    ),
}


@pytest.mark.parametrize(
    ("value", "entry"),
    [
        pytest.param(value, entry, id=f"{_string_id(value)}-{entry}")
        for value in NUMBERS
        for entry in NUMBER_ENTRIES
    ],
)
def test_a_bad_number_in_a_form_is_refused_writing_nothing(
    world: World, value: str, entry: str
) -> None:
    pair(world, entry, value)
    before = row_counts()

    answer = NUMBER_ENTRIES[entry](world, value)

    if value == "" and entry == "commitment assign form, assignee":
        assert not answer.refused  # assigned to nobody
        return
    assert answer.refused, f"{value!r} was accepted"
    assert answer.message.strip()
    assert row_counts() == before, answer.message


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(
            [
                "import_address",
                str(CORPUS / "binary.png"),
                "--title=T",
                "--speaker=S",
                "--date=2021-02-03",
            ],
            id="import_address binary.png",
        ),
        pytest.param(
            ["import_addresses", str(CORPUS / "manifest_yaml.json")],
            id="import_addresses manifest_yaml.json",
        ),
    ],
)
def test_a_refusing_command_exits_2_with_one_line_on_stderr(
    arguments: list[str],
) -> None:
    # As a shell sees it: the status and the message, not a traceback. Both are
    # refused before the database is asked anything.
    manage = Path(__file__).resolve().parent.parent.parent / "manage.py"

    finished = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(manage), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 2, finished.stderr
    assert "Traceback" not in finished.stderr
    assert finished.stderr.startswith("CommandError: ")
    assert finished.stdout == ""
