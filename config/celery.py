"""The Celery application: tasks are found in each app's `tasks.py`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("uade")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_broker_folders(sender: Celery, **kwargs: Any) -> None:
    # kombu's file-system transport (the embedded default) expects its folders.
    if sender.conf.broker_url.startswith("filesystem://"):
        for folder in sender.conf.broker_transport_options.values():
            Path(folder).mkdir(parents=True, exist_ok=True)
