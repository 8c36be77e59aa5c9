"""Every URL pattern of the URLconf × every method × every role: who gets what.

The walk resolves every pattern from `get_resolver()` (the admin's included), fills
each path parameter with a real object, and requests the path with GET, HEAD,
OPTIONS and with empty POST, PUT, PATCH and DELETE requests as each role. RULES says
what each route must answer; a route no rule covers fails, so a new page cannot go
unchecked, and so does a rule that covers nothing. No request may end in a server
error. Roles without the analysts' permission must never see an unpublished title,
nor what a reader sent.

Analysts and editors are staff, as they must be to work the admin's review queue;
"staff" is staff status without any group or permission. A "reader" sends an API key
that names no account; "analyst's key" one that names the analyst.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.regex_helper import normalize

from addresses.models import Address
from api.models import ApiKey
from commitments.models import Commitment, EvidenceSuggestion, Extraction
from dashboard.links import commitment_slug
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tracking import reminders
from tracking import services as tracking_services
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind, ReaderSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _static_files_from_the_finders(settings: Any) -> None:
    # Tests do not run collectstatic, which /healthz checks for otherwise.
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> None:
    # One role's walk sends hundreds of API requests within a second; the rates
    # are tested in tests/api/test_access.py.
    for name in ("UADE_API_ANON_RATE", "UADE_API_KEY_RATE", "UADE_API_USER_RATE"):
        setattr(settings, name, "100000/min")
    caches["throttle"].clear()


ROLES = (
    "anonymous",
    "reader",  # an API key that names no account
    "no group",
    "staff",
    "analyst",
    "editor",
    "analyst's key",  # an API key that names the analyst
)
# The roles that must never see what is not yet public.
OUTSIDERS = ("anonymous", "reader", "no group", "staff")
METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
SECRET_ADDRESS = "A speech nobody may read yet"
SECRET_COMMITMENT = "An unpublished commitment on water"
SECRET_SUBMISSION = "A reader's suggestion nobody but analysts may read"
SECRET_EMAIL = "reader@example.org"
SECRETS = (SECRET_ADDRESS, SECRET_COMMITMENT, SECRET_SUBMISSION, SECRET_EMAIL)

Statuses = dict[str, int]


# ----------------------------------------------------------------------- the rules


def by_role(
    anonymous: int,
    no_group: int,
    staff: int,
    analyst: int,
    editor: int,
    *,
    reader: int | None = None,
    keyed_analyst: int | None = None,
) -> Statuses:
    """Statuses by role. A key is sent in a header that only the API reads: a
    page outside it answers a key's holder as it answers anyone anonymous."""
    return {
        "anonymous": anonymous,
        "reader": anonymous if reader is None else reader,
        "no group": no_group,
        "staff": staff,
        "analyst": analyst,
        "editor": editor,
        "analyst's key": anonymous if keyed_analyst is None else keyed_analyst,
    }


def api_by_role(
    anonymous: int,
    no_group: int,
    staff: int,
    analyst: int,
    editor: int,
    *,
    reader: int | None = None,
) -> Statuses:
    """Statuses by role on the API, where a key that names an account acts as it."""
    return by_role(
        anonymous,
        no_group,
        staff,
        analyst,
        editor,
        reader=reader,
        keyed_analyst=analyst,
    )


def everyone(status: int) -> Statuses:
    return by_role(status, status, status, status, status)


def analysts(status: int) -> Statuses:
    """An analyst page: sign in first; without the permission, 403."""
    return by_role(302, 403, 403, status, status)


def admin_page(staff: int, analyst: int | None = None) -> Statuses:
    """An admin page: anyone who is not staff is sent to the admin's login."""
    analyst = staff if analyst is None else analyst
    return by_role(302, 302, staff, analyst, analyst)


def admin_if(allowed: bool, status: int) -> Statuses:
    """An admin page that analysts and editors may open when `allowed`."""
    return admin_page(403, status if allowed else 403)


@dataclass(frozen=True)
class Rule:
    """What one route (its name, or its pattern when it has none) answers.

    GET and POST are always spelled out. HEAD answers as GET does (its body is
    dropped by the test client, as by web servers, so only its status is checked);
    OPTIONS, PUT, PATCH and DELETE answer as `other` says, 405 for everyone unless
    the rule says otherwise. `patch_if_match`, when given, is a second PATCH sent
    with `If-Match: *`.
    """

    route: str | re.Pattern[str]
    get: Statuses
    post: Statuses
    head: Statuses | None = None
    options: Statuses | None = None
    put: Statuses | None = None
    patch: Statuses | None = None
    delete: Statuses | None = None
    other: Statuses | None = None
    patch_if_match: Statuses | None = None

    def covers(self, key: str) -> bool:
        if isinstance(self.route, str):
            return key == self.route
        return self.route.fullmatch(key) is not None

    def requests(self) -> list[Request]:
        """The requests the walk sends to the route: every method, and the extras."""
        found = [Request(method, method.lower()) for method in METHODS]
        if self.patch_if_match is not None:
            found.append(Request("PATCH", "patch_if_match", {"HTTP_IF_MATCH": "*"}))
        return found

    def expected(self, request: Request, role: str) -> int:
        statuses: Statuses | None = getattr(self, request.rule_field)
        if statuses is None:
            statuses = self.get if request.rule_field == "head" else self.other
        return 405 if statuses is None else statuses[role]


@dataclass(frozen=True)
class Request:
    method: str
    rule_field: str  # the Rule's field that says what it answers
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        extra = "".join(f" ({name[5:]})" for name in self.headers)
        return self.method + extra


# A class-based view (and Django's auth views) answers OPTIONS itself, with Allow.
OPTIONS_ALLOWED = everyone(200)


def public_page(get: Statuses, post: Statuses | None = None) -> dict[str, Any]:
    """A public page that is a function behind `require_safe` (GET and HEAD, which
    monitors and `curl -I` send), or GET, HEAD and POST."""
    return {"get": get, "post": post or everyone(405)}


def workspace_page(get: int, post: int) -> dict[str, Any]:
    """An analyst page: the permission is checked before the method, so only
    analysts learn that the method is refused; HEAD answers as GET."""
    return {"get": analysts(get), "post": analysts(post), "other": analysts(405)}


SITE_RULES = [
    Rule("home", **public_page(everyone(200))),
    # A ListView: HEAD as GET, and OPTIONS answered with Allow.
    Rule(
        "addresses:list",
        get=everyone(200),
        post=everyone(405),
        options=OPTIONS_ALLOWED,
    ),
    # `require_safe`: GET and HEAD only.
    Rule("addresses:detail", get=everyone(200), post=everyone(405)),
    Rule("healthz", **public_page(everyone(200))),
    # Feeds, the deadline calendar, the sitemap, the method: read-only, public.
    Rule("dashboard:feed_updates", **public_page(everyone(200))),
    Rule("dashboard:feed_commitment(published)", **public_page(everyone(200))),
    Rule("dashboard:feed_commitment(unpublished)", **public_page(everyone(404))),
    Rule("dashboard:feed_area", **public_page(everyone(200))),
    Rule("dashboard:feed_address", **public_page(everyone(200))),
    Rule("dashboard:calendar", **public_page(everyone(200))),
    Rule("dashboard:calendar_ics", **public_page(everyone(200))),
    Rule("sitemap", **public_page(everyone(200))),
    Rule("dashboard:methodology", **public_page(everyone(200))),
    # The language switcher: on to the page it was given (here none: the home
    # page), whatever the method.
    Rule("set_language", get=everyone(302), post=everyone(302), other=everyone(302)),
    # Django's auth views are FormViews: PUT is handled as POST. An empty POST:
    # the form again, with its errors.
    Rule(
        "login",
        get=everyone(200),
        post=everyone(200),
        options=OPTIONS_ALLOWED,
        put=everyone(200),
    ),
    Rule(
        "logout",
        get=everyone(405),
        post=everyone(302),
        options=OPTIONS_ALLOWED,
    ),
    # Password reset by email: open to all (an empty POST shows the form's errors;
    # the walk's link is not a valid one, so its page says so, to any method).
    Rule(
        "password_reset",
        get=everyone(200),
        post=everyone(200),
        options=OPTIONS_ALLOWED,
        put=everyone(200),
    ),
    Rule(
        "password_reset_done",
        get=everyone(200),
        post=everyone(405),
        options=OPTIONS_ALLOWED,
    ),
    Rule(
        "password_reset_confirm",
        get=everyone(200),
        post=everyone(200),
        other=everyone(200),
    ),
    Rule(
        "password_reset_complete",
        get=everyone(200),
        post=everyone(405),
        options=OPTIONS_ALLOWED,
    ),
    # The workspace's home is only read; its reminder settings save on POST.
    Rule("workspace:home", **workspace_page(200, 405)),
    Rule("workspace:reminder_preferences", **workspace_page(200, 200)),
    # The analysts' list: an empty POST is a bulk action with nothing selected,
    # which leads back to the list saying so.
    Rule("workspace:commitments", **workspace_page(200, 302)),
    Rule("workspace:commitment", **workspace_page(200, 200)),
    Rule("workspace:log_progress", **workspace_page(200, 200)),
    # Importing a speech: an empty POST shows the form with its errors. The
    # progress of an extraction is only read (the walk's speech has none: 200).
    Rule("workspace:import", **workspace_page(200, 200)),
    Rule("workspace:import_progress", **workspace_page(200, 405)),
    # Readers' submissions: the queue, and its actions (an empty POST: the form
    # again, with its errors).
    Rule("workspace:submissions", **workspace_page(200, 405)),
    Rule("workspace:accept_submission", **workspace_page(200, 200)),
    Rule("workspace:dismiss_submission", **workspace_page(200, 200)),
    # A reader's suggestion: an empty POST shows the form with its errors.
    Rule(
        "dashboard:suggest(published)",
        **public_page(everyone(200), post=everyone(200)),
    ),
    Rule(
        "dashboard:suggest(unpublished)",
        **public_page(everyone(404), post=everyone(404)),
    ),
    # The review page and its actions: each action redirects back to the page,
    # with a message saying what was done or what was missing.
    Rule("workspace:review", **workspace_page(200, 405)),
    Rule("workspace:review_candidate", **workspace_page(405, 302)),
    Rule("workspace:review_bulk", **workspace_page(405, 302)),
    Rule("workspace:review_add", **workspace_page(405, 302)),
    # Suggested evidence: an empty POST shows the form with its errors; dismissing
    # (last, so the walk logs from an open suggestion) leads back.
    Rule("workspace:log_from_evidence", **workspace_page(200, 200)),
    Rule("workspace:dismiss_evidence", **workspace_page(405, 302)),
    # The signed token is the credential.
    Rule("workspace:unsubscribe", **public_page(everyone(200), post=everyone(200))),
    # The public record: read-only, published commitments only.
    Rule("dashboard:commitments", **public_page(everyone(200))),
    Rule("dashboard:commitments_csv", **public_page(everyone(200))),
    Rule("dashboard:commitment(published)", **public_page(everyone(200))),
    Rule("dashboard:commitment(unpublished)", **public_page(everyone(404))),
    # By id alone: on to the page with its slug.
    Rule("dashboard:commitment_by_id(published)", **public_page(everyone(301))),
    Rule("dashboard:commitment_by_id(unpublished)", **public_page(everyone(404))),
    # Cards for other sites' iframes: published commitments only (`require_safe`).
    Rule("embed:commitment(published)", get=everyone(200), post=everyone(405)),
    Rule("embed:commitment(unpublished)", get=everyone(404), post=everyone(405)),
    Rule("embed:scoreboard", get=everyone(200), post=everyone(405)),
]


def writers(status: int) -> Statuses:
    """An API write (or an analysts' read): anonymous callers must authenticate
    (401); accounts without the permission are refused (403), and so is a reader's
    key: it did authenticate, as nobody who may write (DRF answers 401 only when
    no authenticator recognised the request)."""
    return api_by_role(401, 403, 403, status, status, reader=403)


def api(route: str, get: Statuses, post: Statuses, **methods: Any) -> Rule:
    """An endpoint of the API's router: OPTIONS describes it to anyone who may
    read it (DRF's metadata, 200)."""
    return Rule(route, get=get, post=post, **{"options": OPTIONS_ALLOWED, **methods})


# Analysts find the walk's unpublished commitment and its update; nobody else.
ANALYSTS_ONLY = api_by_role(404, 404, 404, 200, 200)

API_RULES = [
    # The quick start and the documentation are HTML pages: no OPTIONS.
    Rule("api:quickstart", get=everyone(200), post=everyone(405)),
    Rule("api:schema", get=everyone(200), post=everyone(405), options=OPTIONS_ALLOWED),
    Rule("api:docs", get=everyone(200), post=everyone(405)),
    Rule("api:redoc", get=everyone(200), post=everyone(405)),
    api("api:api-root", get=everyone(200), post=everyone(405)),
    # Anything else under /api/: a 404 problem document, whatever the method.
    Rule("api:not_found", get=everyone(404), post=everyone(404), other=everyone(404)),
    # Published records for everyone; the walk's commitment and update are
    # unpublished, so only analysts find them.
    api("api:commitment-list", get=everyone(200), post=everyone(405)),
    # Editing needs the ETag (If-Match) or the version loaded: neither is 428; an
    # empty edit with `If-Match: *` changes nothing and answers 200. Permission
    # comes first, so only analysts learn whether the commitment exists.
    api(
        "api:commitment-detail",
        get=ANALYSTS_ONLY,
        post=everyone(405),
        patch=writers(428),
        patch_if_match=writers(200),
    ),
    # An empty update is refused by its serializer (400). Updates are never
    # changed or deleted: PUT, PATCH and DELETE are 405 for every role.
    api("api:update-list", get=everyone(200), post=writers(400)),
    api("api:update-detail", get=ANALYSTS_ONLY, post=everyone(405)),
    # An empty import is refused (400); the walk's speech is the public one.
    api("api:address-list", get=everyone(200), post=writers(400)),
    api("api:address-detail", get=everyone(200), post=everyone(405)),
    api("api:address-extraction", get=writers(200), post=everyone(405)),
    api("api:speaker-list", get=everyone(200), post=everyone(405)),
    api("api:speaker-detail", get=everyone(200), post=everyone(405)),
    api("api:area-list", get=everyone(200), post=everyone(405)),
    api("api:stats-list", get=everyone(200), post=everyone(405)),
    # The review queue is the analysts' alone, its metadata included. Accepting
    # needs no body (201); a merge needs the commitment and a rejection its
    # reason (400).
    api(
        "api:candidate-list", get=writers(200), post=everyone(405), options=writers(200)
    ),
    api(
        "api:candidate-detail",
        get=writers(200),
        post=everyone(405),
        options=writers(200),
    ),
    api(
        "api:candidate-accept",
        get=everyone(405),
        post=writers(201),
        options=writers(200),
    ),
    api(
        "api:candidate-merge",
        get=everyone(405),
        post=writers(400),
        options=writers(200),
    ),
    api(
        "api:candidate-reject",
        get=everyone(405),
        post=writers(400),
        options=writers(200),
    ),
]


def admin_rule(route: str | re.Pattern[str], get: Statuses, post: Statuses) -> Rule:
    """An admin page: every method but POST is answered as GET (only a POST
    writes)."""
    return Rule(route, get=get, post=post, other=get)


ADMIN_SITE_RULES = [
    admin_rule("admin:index", get=admin_page(200), post=admin_page(200)),
    # Staff already signed in are sent on to the index, but only from a GET: any
    # other method shows the form.
    Rule(
        "admin:login",
        get=by_role(200, 200, 302, 302, 302),
        post=everyone(200),
        head=everyone(200),
        options=OPTIONS_ALLOWED,
        put=everyone(200),
    ),
    # Signing out (POST only) leads to LOGOUT_REDIRECT_URL.
    Rule(
        "admin:logout",
        get=admin_page(405),
        post=everyone(302),
        options=admin_page(200),
        other=admin_page(405),
    ),
    Rule(
        "admin:password_change",
        get=admin_page(200),
        post=admin_page(200),
        options=admin_page(200),
        put=admin_page(200),
        other=admin_page(405),
    ),
    Rule(
        "admin:password_change_done",
        get=admin_page(200),
        post=admin_page(405),
        options=admin_page(200),
        other=admin_page(405),
    ),
    # No model of ours has autocomplete fields, so every query is refused.
    Rule(
        "admin:autocomplete",
        get=admin_page(403),
        post=admin_page(405),
        options=admin_page(200),
        other=admin_page(405),
    ),
    Rule(
        "admin:jsi18n",
        get=admin_page(200),
        post=admin_page(405),
        options=admin_page(200),
        other=admin_page(405),
    ),
    # Ours, ahead of the admin's own: only for those who may see the object (here
    # an unpublished speech, whose public address would give away its title).
    admin_rule(
        re.compile(
            r"admin:view_on_site|admin/r/<path:content_type_id>/<path:object_id>/"
        ),
        get=admin_page(403, 302),
        post=admin_page(403, 302),
    ),
    *[
        admin_rule(
            f"admin:app_list({app})",
            get=admin_page(404, 200),
            post=admin_page(404, 200),
        )
        for app in ("addresses", "commitments", "tracking")
    ],
    *[
        admin_rule(f"admin:app_list({app})", get=admin_page(404), post=admin_page(404))
        for app in ("auth", "axes", "api")
    ],
    admin_rule("admin/(?P<url>.*)$", get=admin_page(404), post=admin_page(404)),
]


@dataclass(frozen=True)
class AdminAccess:
    """What analysts and editors may do with one model in the admin.

    Staff without permissions may do nothing. Editors differ from analysts only in
    fields and actions (publishing), not in which pages open.
    """

    view: bool = False
    add: bool = False
    change: bool = False
    delete: bool = False
    # A change form with every field read-only saves as it is (302) instead of
    # refusing the empty POST (200).
    saves_empty_change: bool = False
    # django-simple-history's page of one past version.
    has_versions: bool = False


READ_ONLY = AdminAccess(view=True)
NOTHING = AdminAccess()
ADMIN_MODELS = {
    "addresses.speaker": AdminAccess(view=True, add=True, change=True),
    # Speeches enter only by import; editors alone may change `is_public`.
    "addresses.address": AdminAccess(view=True, change=True),
    "addresses.segment": AdminAccess(view=True, change=True, saves_empty_change=True),
    # Accepted from candidates, never added or deleted here, by anyone.
    "commitments.commitment": AdminAccess(view=True, change=True, has_versions=True),
    # Written by the services only (review, linking, extraction).
    "commitments.candidate": READ_ONLY,
    "commitments.mention": READ_ONLY,
    "commitments.evidencesuggestion": READ_ONLY,
    "commitments.extraction": READ_ONLY,
    "tracking.progressupdate": READ_ONLY,
    "tracking.reminder": READ_ONLY,
    # What a reader sent is never edited; dismissing is an action.
    "tracking.readersubmission": READ_ONLY,
    # Accounts, sign-in records and API keys are the administrators'.
    "api.apikey": NOTHING,
    "auth.user": NOTHING,
    "auth.group": NOTHING,
    "axes.accessattempt": NOTHING,
    "axes.accesslog": NOTHING,
    "axes.accessfailurelog": NOTHING,
}


def model_rules(label: str, access: AdminAccess) -> list[Rule]:
    app, model = label.split(".")
    name = f"admin:{app}_{model}_"
    sees = access.view or access.change
    change_post = 302 if access.saves_empty_change else 200
    rules = [
        admin_rule(
            name + "changelist", get=admin_if(sees, 200), post=admin_if(sees, 200)
        ),
        # An empty POST is refused by the form (200).
        admin_rule(
            name + "add", get=admin_if(access.add, 200), post=admin_if(access.add, 200)
        ),
        admin_rule(
            name + "change",
            get=admin_if(sees, 200),
            post=admin_if(access.change, change_post),
        ),
        # An empty POST asks for confirmation again (200).
        admin_rule(
            name + "delete",
            get=admin_if(access.delete, 200),
            post=admin_if(access.delete, 200),
        ),
        admin_rule(name + "history", get=admin_if(sees, 200), post=admin_if(sees, 200)),
        # The change page's old address redirects to it, whoever asks.
        admin_rule(
            f"admin/{app}/{model}/<path:object_id>/",
            get=admin_page(302),
            post=admin_page(302),
        ),
    ]
    if access.has_versions:
        rules.append(
            admin_rule(
                name + "simple_history",
                get=admin_if(sees, 200),
                post=admin_if(sees, 200),
            )
        )
    if label == "auth.user":
        rules.append(
            admin_rule(
                "admin:auth_user_password_change",
                get=admin_if(access.change, 200),
                post=admin_if(access.change, 200),
            )
        )
    return rules


RULES = [
    *SITE_RULES,
    *API_RULES,
    *ADMIN_SITE_RULES,
    *[
        rule
        for label, access in ADMIN_MODELS.items()
        for rule in model_rules(label, access)
    ],
]


# ------------------------------------------------------------------- the objects


@dataclass
class World:
    users: dict[str, User]
    public: Address
    unpublished: Address
    commitment: Commitment
    published: Commitment
    objects: dict[str, Any]
    token: str
    keys: dict[str, str]  # API keys: a reader's, and one naming the analyst


def axes_row(model: str, **row: Any) -> Any:
    return apps.get_model("axes", model).objects.create(
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        **row,
    )


def make_world() -> World:
    """Four accounts, two keys, and one object of every kind the routes name."""
    analysts_group, editors_group = ensure_groups()
    users = {
        "no group": UserFactory(username="outsider"),
        "staff": UserFactory(username="staffer", is_staff=True),
        "analyst": UserFactory(username="ana", is_staff=True),
        "editor": UserFactory(username="eda", is_staff=True),
    }
    users["analyst"].groups.add(analysts_group)
    users["editor"].groups.add(analysts_group, editors_group)
    public = AddressFactory()
    unpublished = AddressFactory(is_public=False, title=SECRET_ADDRESS)
    commitment = CommitmentFactory(
        candidate=CandidateFactory(address=unpublished),
        changes={"title": SECRET_COMMITMENT},
        assignee=users["analyst"],
    )
    update = tracking_services.record_progress_update(
        commitment.pk,
        author=users["analyst"],
        status="in_progress",
        evidence=tracking_services.Evidence(kind=EvidenceKind.OTHER),
    )
    quote = public.text.splitlines()[0]
    objects: dict[str, Any] = {
        "addresses.speaker": unpublished.speaker,
        "addresses.address": unpublished,
        "addresses.segment": unpublished.segments.first(),
        "commitments.commitment": commitment,
        "commitments.candidate": CandidateFactory(address=unpublished),
        "commitments.mention": commitment.mentions.get(),
        "commitments.evidencesuggestion": EvidenceSuggestion.objects.create(
            address=public,
            start=0,
            end=len(quote),
            quote=quote,
            commitment=commitment,
            score=0.5,
            rank=1,
        ),
        "commitments.extraction": Extraction.objects.get_or_create(address=unpublished)[
            0
        ],
        "tracking.progressupdate": update,
        "tracking.reminder": ReminderFactory(
            commitment=commitment, recipient=users["analyst"]
        ),
        "tracking.readersubmission": ReaderSubmission.objects.create(
            commitment=commitment,
            note=SECRET_SUBMISSION,
            email=SECRET_EMAIL,
            client_hash="0" * 64,
        ),
        "auth.user": users["no group"],
        "auth.group": analysts_group,
        "axes.accessattempt": axes_row(
            "AccessAttempt",
            username="someone",
            get_data="",
            post_data="",
            failures_since_start=1,
        ),
        "axes.accesslog": axes_row("AccessLog", username="ana"),
        "axes.accessfailurelog": axes_row("AccessFailureLog", username="someone"),
        "api.apikey": ApiKey.objects.create_key(name="a script")[0],
    }
    return World(
        users=users,
        public=public,
        unpublished=unpublished,
        commitment=commitment,
        published=CommitmentFactory(
            candidate=CandidateFactory(address=public), is_published=True
        ),
        objects=objects,
        # Not the reminder's recipient: unsubscribing deletes their unsent reminders.
        token=reminders.unsubscribe_token(users["no group"]),
        keys={
            "reader": ApiKey.objects.create_key(name="a reader")[1],
            "analyst": ApiKey.objects.create_key(
                name="the analyst's script", user=users["analyst"]
            )[1],
        },
    )


@pytest.fixture
def world() -> World:
    return make_world()


# ---------------------------------------------------------------------- the walk


@dataclass(frozen=True)
class Route:
    key: str  # the rules' name for it: "namespace:name", or its pattern if unnamed
    pattern: str
    path: str


def _patterns(
    patterns: list[Any], prefix: tuple[Any, ...] = (), namespace: str = ""
) -> Iterator[tuple[tuple[Any, ...], str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, (*prefix, entry.pattern), inner)
        else:
            yield (*prefix, entry.pattern), namespace, entry


def _admin_model(pieces: tuple[Any, ...]) -> str | None:
    """The model ("app.model") whose admin pages these pattern pieces lead to."""
    labels = {model._meta.label_lower for model in admin.site._registry}
    for piece in pieces:
        found = re.fullmatch(r"(\w+)/(\w+)/", str(piece))
        if found and f"{found[1]}.{found[2]}" in labels:
            return f"{found[1]}.{found[2]}"
    return None


def _values(world: World, key: str, model: str | None, parameter: str) -> list[str]:
    """Real values for one path parameter of route `key`."""
    if parameter == "app_label":
        return sorted(
            {registered._meta.app_label for registered in admin.site._registry}
        )
    if parameter == "url":
        return ["no-such-page/"]
    if model and model not in world.objects:
        raise LookupError(
            f"{key}: no {model} to fill {parameter!r}; add one to `world`"
        )
    if model and parameter in ("object_id", "_0", "id"):
        return [str(world.objects[model].pk)]
    if model and parameter == "_1":  # django-simple-history's version of it
        return [str(world.objects[model].history.latest().history_id)]
    fixed = {
        "pk": world.commitment.pk,  # the analyst pages: an unpublished commitment
        "slug": world.public.slug,
        "area": "education",  # the factories' commitments' area
        "token": world.token,
        "uidb64": "MQ",  # a password reset link's account (its token is no good)
        "submission_id": world.objects["tracking.readersubmission"].pk,
        # The review page's: a candidate of the speech its slug names.
        "candidate_id": world.published.candidates.get().pk,
        "suggestion_id": world.objects["commitments.evidencesuggestion"].pk,
        "content_type_id": ContentType.objects.get_for_model(Address).pk,
        "object_id": world.unpublished.pk,  # view on site
        # The API's own names for its records.
        "speaker": world.public.speaker.slug,
        "update": world.objects["tracking.progressupdate"].pk,
        "candidate": world.objects["commitments.candidate"].pk,
        "rest": "no-such-thing/",
    }
    if parameter not in fixed:
        raise LookupError(f"{key}: no value for its path parameter {parameter!r}")
    return [str(fixed[parameter])]


def _public_commitment_variants(
    world: World, key: str
) -> list[tuple[str, dict[str, str]]] | None:
    """The public commitment pages, whose `slug` must match their `pk`: filled as
    a whole, once with the published commitment and once with the unpublished one
    (whose title is the secret: its slug must not lead anywhere either)."""
    if key not in (
        "dashboard:commitment",
        "dashboard:commitment_by_id",
        "embed:commitment",
        # Its feed: by id alone, 404 for the unpublished one.
        "dashboard:feed_commitment",
        # The reader's suggestion form: by id alone too.
        "dashboard:suggest",
    ):
        return None
    return [
        (
            f"{key}({name})",
            {"pk": str(commitment.pk), "slug": commitment_slug(commitment)},
        )
        for name, commitment in (
            ("published", world.published),
            ("unpublished", world.commitment),
        )
    ]


# The public pages in English (no prefix) and in one other language (/kk/…): the
# language prefix must not change who may see what.
LANGUAGES = ("en", "kk")


def routes(world: World) -> list[Route]:
    """Every pattern of the URLconf, with its parameters filled by real objects;
    those under a language prefix once per language in LANGUAGES."""
    found = []
    for language in LANGUAGES:
        with translation.override(language):
            found += _routes(world, is_default_language=language == LANGUAGES[0])
    return found


def _routes(world: World, *, is_default_language: bool) -> list[Route]:
    found = []
    for pieces, namespace, pattern in _patterns(get_resolver().url_patterns):
        is_translated = any(isinstance(piece, LocalePrefixPattern) for piece in pieces)
        if not (is_default_language or is_translated):
            continue
        # As Django reports it in `resolve(path).route`.
        whole = "".join(str(piece).removeprefix("^") for piece in pieces)
        key = f"{namespace}{pattern.name}" if pattern.name else whole
        model = _admin_model(pieces)
        template, parameters = "", []
        for piece in pieces:
            [(bit, names)] = normalize(piece.regex.pattern)[:1]
            template += bit
            parameters += names
        variants: list[tuple[str, dict[str, str]]] = [(key, {})]
        public_variants = _public_commitment_variants(world, key)
        if public_variants is not None:
            variants, parameters = public_variants, []
        for parameter in parameters:
            values = _values(world, key, model, parameter)
            variants = [
                (
                    f"{name}({value})" if len(values) > 1 else name,
                    {**bound, parameter: value},
                )
                for name, bound in variants
                for value in values
            ]
        for name, bound in variants:
            path = "/" + template % bound
            assert resolve(path).route == whole, f"{path} does not lead to {whole}"
            found.append(Route(name, whole, path))
    return found


def rule_for(key: str) -> Rule | None:
    return next((rule for rule in RULES if rule.covers(key)), None)


# --------------------------------------------------------------------- the tests


def test_every_route_has_a_rule_and_every_rule_a_route(world):
    keys = [route.key for route in routes(world)]

    uncovered = [key for key in keys if rule_for(key) is None]
    unused = [rule.route for rule in RULES if not any(rule.covers(key) for key in keys)]

    assert not uncovered, "No rule says who may use: " + ", ".join(uncovered)
    assert not unused, f"Rules for routes that do not exist: {unused}"


def test_the_walk_counts_its_combinations(world):
    found = routes(world)
    rules = [rule_for(route.key) for route in found]
    requests = sum(len(rule.requests()) for rule in rules if rule is not None)

    # Printed for the record (`pytest -s`): how much the walk below checks.
    print(  # noqa: T201
        f"{len(found)} routes × {len(METHODS)} methods (and extras): {requests} "
        f"requests per role × {len(ROLES)} roles = {requests * len(ROLES)} checks"
    )
    assert requests >= len(found) * len(METHODS)


def client_as(world: World, role: str) -> Client:
    """A client acting as `role`: signed in by session, or sending an API key."""
    client = Client(raise_request_exception=False)
    if role == "reader":
        key = world.keys["reader"]
    elif role == "analyst's key":
        key = world.keys["analyst"]
    else:
        user = world.users.get(role)
        if user:
            client.force_login(user)
        return client
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {key}"
    return client


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_its_rule_says(world, role):
    client = client_as(world, role)
    user = world.users.get(role)
    wrong = []
    checked = 0

    for route in routes(world):
        rule = rule_for(route.key)
        if rule is None:
            wrong.append(f"{route.key}: no rule")
            continue
        for request in rule.requests():
            response = client.generic(request.method, route.path, **request.headers)
            checked += 1
            where = f"{request} {route.path} ({route.key})"
            expected = rule.expected(request, role)
            content = body(response)
            if response.status_code >= 500:
                wrong.append(f"{where}: a server error, {response.exc_info!r}")
            elif response.status_code != expected:
                wrong.append(
                    f"{where}: expected {expected}, got {response.status_code}"
                )
            # A key is read by the API alone: elsewhere its holder is anonymous.
            if role in OUTSIDERS or (
                role == "analyst's key" and not route.key.startswith("api:")
            ):
                text = content.decode(errors="replace")
                for secret in SECRETS:
                    if secret in text:
                        wrong.append(f"{where} shows {secret!r}")
            if user and "_auth_user_id" not in client.session:
                client.force_login(user)  # it was a sign-out

    assert not wrong, (
        f"{len(wrong)} of {checked} answers differ for {role}:\n" + "\n".join(wrong)
    )


def test_the_walk_reaches_the_unpublished_record_as_an_analyst(world):
    # The rules' 200s mean something: the pages an analyst gets show the record.
    client = Client()
    client.force_login(world.users["analyst"])
    pages = {route.key: route.path for route in routes(world)}

    for key in ("workspace:commitment", "admin:commitments_commitment_change"):
        assert SECRET_COMMITMENT in client.get(pages[key]).content.decode(), key
    assert (
        SECRET_ADDRESS
        in client.get(pages["admin:addresses_address_change"]).content.decode()
    )
