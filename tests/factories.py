"""factory_boy factories shared by the whole suite.

Addresses are created through `addresses.services.import_address`, the only way a
speech enters Uade, so every factory-made address has its segments, slug and hash
exactly as an imported one would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils.text import slugify

from addresses import services
from addresses.models import Address, AddressKind, Speaker
from commitments import services as commitment_services
from commitments.models import Candidate, Commitment


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class SpeakerFactory(factory.django.DjangoModelFactory[Speaker]):
    class Meta:
        model = Speaker
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Speaker Number {n}")
    # The import service finds speakers by this slug, so an address made with
    # `AddressFactory(speaker=speaker)` is attributed to this very row.
    slug = factory.LazyAttribute(lambda speaker: slugify(speaker.name))
    role = "President"


def _speech_text(n: int) -> str:
    return (
        f"Address number {n}\n"
        "\n"
        f"Dear compatriots, this is the opening paragraph of speech {n}.\n"
        "\n"
        f"We will build {n} new schools by the end of next year.\n"
    )


class AddressFactory(factory.Factory[Address]):
    """Import a speech through the service; `text` is the file's content.

    Only the create strategy is supported: an address without its segments would not
    be an address Uade could hold.
    """

    class Meta:
        model = Address

    text = factory.Sequence(_speech_text)
    title = factory.Sequence(lambda n: f"Address to the Nation No. {n}")
    speaker = factory.SubFactory(SpeakerFactory)
    kind = AddressKind.ADDRESS
    # Each new address is a day newer than the one before, and never in the future.
    delivered_on = factory.Sequence(
        lambda n: dt.date(2000, 1, 1) + dt.timedelta(days=n % 8000)
    )
    venue = ""
    language = "en"
    source_url = ""
    is_public = True
    created_by = None

    @classmethod
    def _create(
        cls,
        model_class: type[Address],
        *,
        text: str | bytes,
        speaker: Speaker,
        is_public: bool,
        created_by: Any,
        **details: Any,
    ) -> Address:
        address = services.import_address(
            text,
            services.AddressInput(
                speaker=speaker.name, speaker_role=speaker.role, **details
            ),
            created_by=created_by,
        )
        if not is_public:
            # Publishing is an editorial decision taken after import (in the admin).
            Address.objects.filter(pk=address.pk).update(is_public=False)
            address.is_public = False
        return address

    @classmethod
    def _build(cls, model_class: type[Address], *args: Any, **kwargs: Any) -> Address:
        raise NotImplementedError("Addresses are only created, through the import.")


# ------------------------------------------------------------------ commitments


def _last_line(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


class CandidateFactory(factory.django.DjangoModelFactory[Candidate]):
    """A pending candidate over one passage of an imported address.

    By default the passage is the address's last line ("We will build …"); pass
    `quote` to choose another passage of the same text. The span always slices it.
    """

    class Meta:
        model = Candidate

    address = factory.SubFactory(AddressFactory)
    quote = factory.LazyAttribute(lambda candidate: _last_line(candidate.address.text))
    start = factory.LazyAttribute(
        lambda candidate: candidate.address.text.index(candidate.quote)
    )
    end = factory.LazyAttribute(
        lambda candidate: candidate.start + len(candidate.quote)
    )
    tier = "core"
    deadline = None
    deadline_text = ""
    target = ""
    actor = ""
    area = "education"
    type = "outcome"
    speaker = "speaker"
    confidence = 0.9


class CommitmentFactory(factory.Factory[Commitment]):
    """A commitment accepted from a candidate through the review service.

    Like an analyst's, it has its original mention and a history entry by its
    reviewer. `changes` are the editable fields set on acceptance; `status`,
    `is_published` and `assignee` are written straight to the row afterwards (in
    Uade they come from progress updates and editors' actions, tested on their own).
    """

    class Meta:
        model = Commitment

    candidate = factory.SubFactory(CandidateFactory)
    reviewer = factory.SubFactory(UserFactory)
    changes = factory.LazyFunction(dict)
    status = "not_rated"
    is_published = False
    assignee = None

    @classmethod
    def _create(
        cls,
        model_class: type[Commitment],
        *,
        candidate: Candidate,
        reviewer: User,
        changes: dict[str, Any],
        **row: Any,
    ) -> Commitment:
        commitment = commitment_services.accept_candidate(
            candidate.pk, reviewer=reviewer, changes=changes
        )
        model_class.objects.filter(pk=commitment.pk).update(**row)
        commitment.refresh_from_db()
        return commitment

    @classmethod
    def _build(
        cls, model_class: type[Commitment], *args: Any, **kwargs: Any
    ) -> Commitment:
        raise NotImplementedError("Commitments are only created, by acceptance.")


# --------------------------------------------------------------------- tracking
# (Appended after the commitments factories, so the imports they need are here.)

from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402

from tracking.models import Reminder  # noqa: E402


class AnalystFactory(UserFactory):
    """A user in the "Analysts" group: reminded of every unassigned commitment."""

    @factory.post_generation
    def analysts_group(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            group, _ = Group.objects.get_or_create(name="Analysts")
            user.groups.add(group)


class ReminderFactory(factory.django.DjangoModelFactory[Reminder]):
    """A planned, unsent reminder row, due at `due_at` (now by default)."""

    class Meta:
        model = Reminder

    commitment = factory.SubFactory(CommitmentFactory)
    recipient = factory.SubFactory(UserFactory)
    kind = "due_soon"
    due_at = factory.LazyFunction(timezone.now)
    next_attempt_at = factory.LazyAttribute(lambda reminder: reminder.due_at)


def edit_form(commitment: Commitment, **changes: Any) -> dict[str, Any]:
    """The workspace's edit form for `commitment` as an analyst loaded it (its
    values and version now), with their `changes`."""
    data: dict[str, Any] = {
        "action": "edit",
        "title": commitment.title,
        "summary": commitment.summary,
        "area": commitment.area,
        "type": commitment.type,
        "actor": commitment.actor,
        "deadline": commitment.deadline.isoformat() if commitment.deadline else "",
        "deadline_text": commitment.deadline_text,
        "target": commitment.target,
        "version": commitment.version,
    }
    return {**data, **changes}
