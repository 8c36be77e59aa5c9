"""The production settings, plus what `make bench` measures with (bench.server)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.server.count_queries", *MIDDLEWARE]  # noqa: F405
# An import runs its extraction in the request, so "end to end" is one response.
CELERY_TASK_ALWAYS_EAGER = True
