"""Signing in: the client address sign-in failures count against, the page a
locked-out client sees, and the refusal of the published demo password.

django-axes does the counting (see the `AXES_*` settings); these are the hooks it
calls, plus one authentication backend.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare


def client_ip_address(request: HttpRequest) -> str | None:
    """Return the address that sign-in failures from this request count against.

    That is REMOTE_ADDR unless `UADE_TRUSTED_PROXY_COUNT` proxies are declared in
    front of Uade. Each proxy appends the address it was reached from to
    X-Forwarded-For, so the client is that many entries from the right; whatever
    stands further left was sent by the client and could be anything. A header
    shorter than the proxy count, or an entry that is no address, falls back to
    REMOTE_ADDR.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    proxies: int = settings.UADE_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """Show the sign-in page (site or admin) saying why sign-in is refused: 429."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request, initial={"username": username}),
            "next": request.POST.get("next", request.GET.get("next", "")),
            "locked_out": True,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off_minutes": settings.UADE_LOGIN_COOLOFF_MINUTES,
        },
        status=429,
    )


class RefuseDemoPasswordBackend:
    """Refuse any sign-in with the published demo password ("uade-demo") unless
    DEBUG is on.

    It sits before ModelBackend and checks the typed password, not the account, so
    it holds for every account and database, whatever `load_demo` did or when: a
    demo account made while debugging cannot be entered with "uade-demo" once the
    site runs in production. A refusal counts as a failed sign-in.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if (
            not settings.DEBUG
            and password is not None
            and constant_time_compare(password, settings.UADE_PUBLISHED_DEMO_PASSWORD)
        ):
            raise PermissionDenied("The demo password works only while debugging.")
        return None
