"""Who is asking: an API key (`Authorization: Api-Key <key>`) or a session."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_api_key.permissions import KeyParser

from api.models import ApiKey


class KeyReader(AnonymousUser):
    """The identity of a key that names no account: it reads, with its own rate,
    and may write nothing."""

    def __str__(self) -> str:
        return "reader with a key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Resolve `Authorization: Api-Key <key>` to the key's user, or to a
    `KeyReader` when the key names none; `request.auth` is the `ApiKey`.

    A request without the header is left to the next authenticator (a session) or
    to anonymous reading; a key that is unknown, revoked or expired, or whose
    account is inactive, is refused with 401.
    """

    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        key = self.parser.get(request)
        if key is None:
            return None
        try:
            api_key = cast(ApiKey, ApiKey.objects.get_from_key(key.strip()))
        except ApiKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                "This API key is not valid (unknown or revoked)."
            ) from None
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        user = api_key.user
        if user is None:
            return KeyReader(), api_key
        if not user.is_active:
            raise exceptions.AuthenticationFailed("The key's account is inactive.")
        return user, api_key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
