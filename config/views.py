from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# A file every page links to: if it cannot be served, no page can be rendered.
PROBE_STATIC_FILE = "css/uade.css"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Readiness for load balancers and compose: 200 "ok" when the database answers
    and the static files every page needs are there; `?deep=1` also asks the broker.

    Otherwise 503, one line per problem, so a deploy that forgot `collectstatic` or
    lost its database is taken out of rotation instead of serving errors.
    """
    problems = [
        problem
        for problem in (
            _database_problem(),
            _static_problem(),
            _broker_problem() if request.GET.get("deep") == "1" else "",
        )
        if problem
    ]
    if problems:
        return HttpResponse(
            "\n".join(problems) + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


def _database_problem() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"database: {_line(error)}"
    return ""


def _static_problem() -> str:
    try:
        # With the manifest storage of production, this fails until collectstatic.
        staticfiles_storage.url(PROBE_STATIC_FILE)
    except ValueError as error:
        return f"static files: {_line(error)}; run `manage.py collectstatic`"
    # WhiteNoise serves from the finders while debugging, from STATIC_ROOT otherwise.
    if getattr(settings, "WHITENOISE_USE_FINDERS", settings.DEBUG):
        found = finders.find(PROBE_STATIC_FILE) is not None
    else:
        stored_name = getattr(staticfiles_storage, "stored_name", lambda name: name)
        found = staticfiles_storage.exists(stored_name(PROBE_STATIC_FILE))
    if not found:
        return (
            f"static files: {PROBE_STATIC_FILE} is not in {settings.STATIC_ROOT}; "
            "run `manage.py collectstatic`"
        )
    return ""


def _broker_problem() -> str:
    from config.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=3)
    # Any failure to reach the broker is the answer, whatever the transport raises.
    except Exception as error:
        return f"broker: {_line(error)}"
    return ""


def _line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__
