"""API keys: who a script is, and how fast it may read."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


def validate_rate(value: str) -> None:
    """A rate as DRF's throttles read it: "<number>/<sec|min|hour|day>"."""
    try:
        SimpleRateThrottle.parse_rate(None, value)  # type: ignore[arg-type]
    except (ValueError, KeyError, IndexError):
        raise ValidationError(
            'Write a rate as "requests/period", e.g. "1000/min" (periods: sec, '
            "min, hour, day)."
        ) from None


class ApiKeyManager(APIKeyManager):
    def get_usable_keys(self) -> models.QuerySet[ApiKey]:
        # Authentication reads the key's account with the key, in one query.
        return super().get_usable_keys().select_related("user")


class ApiKey(AbstractAPIKey):
    """A key sent as `Authorization: Api-Key <key>`.

    Staff create keys in the admin, which shows the key once; only its hash is
    stored. A key with a `user` acts as that user (an analyst's script may write
    through the same services as the analyst); one without is a reader with a
    rate of its own. Revoking is final.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="The account a script with this key acts as; empty for a reader.",
    )
    rate = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_rate],
        help_text='Requests allowed, e.g. "1000/min"; empty for the default '
        "(UADE_API_KEY_RATE).",
    )

    objects: ClassVar[ApiKeyManager] = ApiKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    @property
    def effective_rate(self) -> str:
        return self.rate or settings.UADE_API_KEY_RATE
