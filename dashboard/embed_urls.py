"""The cards other sites may frame (see `dashboard.embed_views`)."""

from __future__ import annotations

from django.urls import path

from dashboard import embed_views

app_name = "embed"
urlpatterns = [
    path("commitments/<int:pk>/", embed_views.commitment_card, name="commitment"),
    path("scoreboard/", embed_views.scoreboard_card, name="scoreboard"),
]
