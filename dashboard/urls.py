from __future__ import annotations

from django.urls import path
from django.views.decorators.http import require_safe

from dashboard import feeds, pages, suggestion_views, views

app_name = "dashboard"
urlpatterns = [
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments.csv", views.commitment_csv, name="commitments_csv"),
    path("commitments/<int:pk>/", views.commitment_by_id, name="commitment_by_id"),
    path(
        "commitments/<int:pk>-<str:slug>/",
        views.commitment_detail,
        name="commitment",
    ),
    path(
        "commitments/<int:pk>/suggest/",
        suggestion_views.suggest,
        name="suggest",
    ),
    path("feeds/updates/", require_safe(feeds.UpdatesFeed()), name="feed_updates"),
    path(
        "feeds/commitments/<int:pk>/",
        require_safe(feeds.CommitmentFeed()),
        name="feed_commitment",
    ),
    path("feeds/areas/<str:area>/", require_safe(feeds.AreaFeed()), name="feed_area"),
    path(
        "feeds/addresses/<str:slug>/",
        require_safe(feeds.AddressFeed()),
        name="feed_address",
    ),
    path("calendar/", pages.deadline_calendar, name="calendar"),
    path("calendar.ics", pages.deadline_calendar_ics, name="calendar_ics"),
    path("methodology/", pages.methodology, name="methodology"),
]
