"""Who may do what through the API.

Reading is open to anyone (published records only, unless the reader is an
analyst); writing needs an account with the permission the browser's pages check,
signed in by session (with its CSRF token) or by an API key that names it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from config.permissions import VIEW_COMMITMENTS


def is_analyst(request: Request) -> bool:
    """Whether the reader may see unpublished records (the analysts' permission)."""
    user = request.user
    return bool(user and user.is_authenticated and user.has_perm(VIEW_COMMITMENTS))


def _has(request: Request, permission: str | None) -> bool:
    user = request.user
    if permission is None or not (user and user.is_authenticated):
        return False
    return bool(user.has_perm(permission))


class ReadOnlyUnlessAllowed(permissions.BasePermission):
    """Safe methods for everyone (or for those with the view's `read_permission`,
    or its `read_permissions` for an action);
    any other method only for an account with the permission the view names for
    that action in `write_permissions`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "action", None) or ""
        method = (request.method or "").lower()
        allowed = getattr(view, "http_method_names", ())
        if (not action and not hasattr(view, method)) or method not in allowed:
            return True  # no such method here: let the view answer 405
        if request.method in permissions.SAFE_METHODS:
            reads: dict[str, str] = getattr(view, "read_permissions", {})
            needed = reads.get(action, getattr(view, "read_permission", None))
            return needed is None or _has(request, needed)
        writes: dict[str, str] = getattr(view, "write_permissions", {})
        return _has(request, writes.get(action))
