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
