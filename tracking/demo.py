"""The demo: two real speeches, their curated commitments, evidence and a review queue.

Built through the same services analysts use, from the annotated seeds in
`demo/seeds/`, so the demo looks like months of real work: the commitments of the
2020 Address and the 2024 interview are published, the interview's reports of
progress are logged as updates, and what the extractor proposes for the interview
waits in the review queue. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from addresses import services as address_services
from addresses.models import Address
from commitments import services as commitment_services
from commitments.extraction import extract
from commitments.models import Candidate, Commitment, CommitmentType, Mention
from commitments.services import PUBLISH_PERMISSION
from tracking import reminders
from tracking import services as tracking_services
from tracking.models import EvidenceKind, ProgressUpdate
from tracking.reminders import ANALYSTS_GROUP

SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"
MANIFEST = SEEDS / "addresses.json"
GOLD_FILES = ("gold-000.jsonl", "gold-002.jsonl")
EVIDENCE_FILE = "evidence-002.jsonl"

EDITORS_GROUP = "Editors"
DEMO_USERNAME = "analyst"
# Analysts look after the record, so they may view, add and change it; deleting is
# left to administrators. Editors may also publish.
ANALYST_APPS = ("addresses", "commitments", "tracking")


class DemoPasswordRefused(ValueError):
    """The password configured for the demo analyst may not be used."""


class DemoAnalyst(NamedTuple):
    user: User
    # The password to print: "" when the account has none that may be shown.
    password: str
    created: bool
    # The account had the published demo password, now unusable (DEBUG is off).
    password_removed: bool = False


@dataclass
class DemoReport:
    imported: list[address_services.ManifestResult] = field(default_factory=list)
    username: str = DEMO_USERNAME
    password: str = ""
    created_analyst: bool = False
    password_removed: bool = False
    commitments: int = 0
    progress_updates: int = 0
    pending_candidates: int = 0
    already_loaded: bool = False


def load_demo() -> DemoReport:
    """Load the demo once; on later runs only report what is there."""
    report = DemoReport()
    # First, so that a refused password leaves the database as it was.
    analyst, report.password, report.created_analyst, report.password_removed = (
        ensure_demo_analyst()
    )
    report.imported = address_services.import_manifest(MANIFEST)
    failures = [result for result in report.imported if result.address is None]
    if failures:
        raise address_services.ImportRefused(
            f"Demo speech {failures[0].entry} was refused: {failures[0].error}"
        )
    addresses = {
        result.entry: result.address
        for result in report.imported
        if result.address is not None
    }
    if Mention.objects.filter(address__in=addresses.values()).exists():
        report.already_loaded = True
    else:
        _curate(analyst, addresses)
    report.commitments = Commitment.objects.count()
    report.progress_updates = ProgressUpdate.objects.count()
    report.pending_candidates = Candidate.objects.pending().count()
    return report


@transaction.atomic
def _curate(analyst: User, addresses: dict[str, Address]) -> None:
    by_quote = curate_commitments(analyst, addresses)
    interview = _interview(addresses)
    # The ratings are dated the day after the interview they rest on, as if an
    # analyst had read it then, so the record's history (and its progress over
    # time) tells when each was known.
    rated_at = timezone.make_aware(
        dt.datetime.combine(interview.delivered_on + dt.timedelta(days=1), dt.time(10))
    )
    for item in _read_jsonl(SEEDS / EVIDENCE_FILE):
        start = interview.text.index(item["evidence_quote"])
        tracking_services.record_progress_update(
            by_quote[item["pledge_quote"]].pk,
            author=analyst,
            status=item["status_suggested"],
            note=item.get("note", ""),
            evidence=tracking_services.Evidence(
                kind=EvidenceKind.LATER_SPEECH,
                title=interview.title,
                on=interview.delivered_on,
                address=interview,
                start=start,
                end=start + len(item["evidence_quote"]),
            ),
            rated_at=rated_at,
        )
    # What the extractor proposes for the interview, beyond the curated commitments,
    # waits for review; its extraction is recorded as done like any import's.
    commitment_services.run_extraction(interview.pk)
    reminders.plan_all_reminders()


def curate_commitments(
    analyst: User, addresses: dict[str, Address]
) -> dict[str, Commitment]:
    """Accept and publish the annotated commitments of `addresses` (seed file name →
    address), oldest first, merging an annotated restatement into its commitment;
    return the commitments by the quote they were accepted from."""
    gold = [item for name in GOLD_FILES for item in _read_jsonl(SEEDS / name)]
    evidence = _read_jsonl(SEEDS / EVIDENCE_FILE)
    # A pledge that the interview reports progress on is tracked even where the
    # annotators rated it soft: its evidence must hang on a commitment.
    tracked = {item["pledge_quote"] for item in evidence}
    restated = {
        item["evidence_quote"]: item["pledge_quote"]
        for item in evidence
        if any(
            g["quote"] == item["evidence_quote"] and g.get("mention_of") for g in gold
        )
    }

    by_quote: dict[str, Commitment] = {}
    for address_file, items in _by_file(gold, addresses, tracked):
        address = addresses[address_file]
        types = _extracted_types(address)
        for item in items:
            candidate = _candidate(address, item, types)
            pledge = restated.get(item["quote"])
            if pledge in by_quote:
                commitment_services.merge_candidate(
                    candidate.pk, by_quote[pledge].pk, reviewer=analyst
                )
                continue
            commitment = commitment_services.accept_candidate(
                candidate.pk, reviewer=analyst
            )
            commitment_services.publish(commitment.pk, editor=analyst)
            by_quote[item["quote"]] = commitment
    return by_quote


def _by_file(
    gold: list[dict[str, Any]], addresses: dict[str, Address], tracked: set[str]
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield each address file, oldest first, with the gold items to curate in it."""
    for address_file in sorted(
        addresses, key=lambda name: addresses[name].delivered_on
    ):
        text = addresses[address_file].text
        items = [
            item
            for item in gold
            if item["file"] == address_file
            and (item["tier"] == "core" or item["quote"] in tracked)
        ]
        known = {item["quote"] for item in items}
        items += [
            {"quote": quote, "tier": "soft"}
            for quote in sorted(tracked - known, key=text.find)
            if quote in text
        ]
        yield address_file, sorted(items, key=lambda item: text.index(item["quote"]))


def _candidate(
    address: Address, item: dict[str, Any], types: dict[int, str]
) -> Candidate:
    start = address.text.index(item["quote"])
    deadline = item.get("deadline")
    return Candidate.objects.create(
        address=address,
        start=start,
        end=start + len(item["quote"]),
        quote=item["quote"],
        tier=item["tier"],
        deadline=dt.date.fromisoformat(deadline) if deadline else None,
        deadline_text=item.get("deadline_text") or "",
        target=item.get("target") or "",
        actor=item.get("actor") or "",
        area=(item.get("area") or "").replace(" ", "_").replace("-", "_"),
        type=types.get(start, CommitmentType.OTHER),
        speaker="interviewer" if item.get("speaker") == "interviewer" else "speaker",
        cues=["curated"],
    )


def _extracted_types(address: Address) -> dict[int, str]:
    """The extractor's type for each sentence start (annotations carry no type)."""
    proposals = extract(
        address.text, delivered_on=address.delivered_on, kind=address.kind
    )
    return {proposal.start: proposal.type for proposal in proposals}


def _interview(addresses: dict[str, Address]) -> Address:
    return next(address for address in addresses.values() if address.is_interview)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@transaction.atomic
def ensure_groups() -> tuple[Group, Group]:
    """Create or refresh the analysts' and editors' groups and their permissions."""
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS_GROUP)
    analysts.permissions.set(
        Permission.objects.filter(content_type__app_label__in=ANALYST_APPS)
        .exclude(codename__startswith="delete_")
        .exclude(codename__in=[PUBLISH_PERMISSION.split(".")[1], "publish_address"])
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=ANALYST_APPS,
            codename__in=[PUBLISH_PERMISSION.split(".")[1], "publish_address"],
        )
    )
    return analysts, editors


@transaction.atomic
def ensure_demo_analyst() -> DemoAnalyst:
    """Create the demo analyst (an analyst and editor) once.

    A new account gets UADE_DEMO_PASSWORD or, only while debugging, the published
    demo password; with DEBUG off and none configured it gets no usable password.
    An existing account keeps its password, unless it is the published one and
    DEBUG is off: then it is made unusable (sign-in with it fails anyway, see
    `config.auth.RefuseDemoPasswordBackend`). Raises DemoPasswordRefused, writing
    nothing, when the password to set fails the password validators.
    """
    password = ""
    removed = False
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "first_name": "Demo",
            "last_name": "Analyst",
            "is_staff": True,
            "email": "analyst@example.org",
        },
    )
    if created:
        password = _new_demo_password(user)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    elif not settings.DEBUG and user.check_password(
        settings.UADE_PUBLISHED_DEMO_PASSWORD
    ):
        user.set_unusable_password()
        user.save(update_fields=["password"])
        removed = True
    user.groups.add(*ensure_groups())
    return DemoAnalyst(user, password, created, removed)


def _new_demo_password(user: User) -> str:
    """Return the password a new demo account gets, "" for none."""
    configured: str = settings.UADE_DEMO_PASSWORD
    published: str = settings.UADE_PUBLISHED_DEMO_PASSWORD
    if not configured and not settings.DEBUG:
        return ""
    if configured == published and not settings.DEBUG:
        raise DemoPasswordRefused(
            f"UADE_DEMO_PASSWORD is the published demo password {published!r}, which "
            "works only with DJANGO_DEBUG=1. Choose another password, or unset "
            "UADE_DEMO_PASSWORD to create the demo analyst without one."
        )
    password = configured or published
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DemoPasswordRefused(
            "UADE_DEMO_PASSWORD is too weak for the demo analyst: "
            + " ".join(error.messages)
            + " Choose a stronger one."
        ) from None
    return password
