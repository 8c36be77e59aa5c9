"""Who may open which page: the permission checks of every analyst page, in one place.

Pages check permissions, never group names or staff status: the Analysts and Editors
groups (`tracking.demo.ensure_groups`) carry the permissions, and staff status only
opens the admin, where every model checks its own. An anonymous visitor is sent to
sign in; a signed-in user without the permission gets 403 (`templates/403.html`,
which says whom to ask).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

# Seeing the workspace, a commitment's analyst page (unpublished ones included, with
# notes, assignees and history) and one's reminder settings.
VIEW_COMMITMENTS = "commitments.view_commitment"
LOG_PROGRESS = "tracking.add_progressupdate"
# Accepting, merging, rejecting and adding candidates on the review page.
REVIEW_CANDIDATES = "commitments.change_candidate"
# Importing a speech on the workspace's import page (as the admin's "add speech").
IMPORT_ADDRESSES = "addresses.add_address"
# Logging readers' submissions as progress or dismissing them (the moderation queue).
MODERATE_SUBMISSIONS = "tracking.moderate_readersubmission"

_View = TypeVar(
    "_View", bound=Callable[..., HttpResponseBase | Awaitable[HttpResponseBase]]
)


def permissions_required(*permissions: str) -> Callable[[_View], _View]:
    """Let through a user who has every one of `permissions`.

    Anonymous visitors are redirected to the login page; anyone else without them
    gets 403.
    """

    def decorator(view: _View) -> _View:
        return login_required(
            permission_required(permissions, raise_exception=True)(view)
        )

    return decorator


analyst_required = permissions_required(VIEW_COMMITMENTS)


def view_on_site(
    request: HttpRequest, content_type_id: str, object_id: str
) -> HttpResponse:
    """The admin's "view on site" redirect, for those who may see the object.

    Django's own answers any staff member, so it would tell staff without permissions
    the public address (a slug made of the date and title) of an unpublished speech.
    `config/urls.py` serves this one at the admin's address, behind its staff check.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        model = None
    if model is None:
        raise Http404("There is no such kind of record.")
    app_label, model_name = model._meta.app_label, model._meta.model_name
    if not any(
        request.user.has_perm(f"{app_label}.{action}_{model_name}")
        for action in ("view", "change")
    ):
        raise PermissionDenied
    response: HttpResponse = contenttype_views.shortcut(
        request, content_type_id, object_id
    )
    return response


def signed_in_user(request: HttpRequest) -> User:
    """The account behind a request that a permission check (or the admin) has let
    through; anything else is refused."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
