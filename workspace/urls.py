from __future__ import annotations

from django.urls import path

from workspace import views

app_name = "workspace"
urlpatterns = [
    path("analyst/", views.workspace, name="home"),
    path("analyst/commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path(
        "analyst/commitments/<int:pk>/progress/",
        views.log_progress,
        name="log_progress",
    ),
    path("analyst/reminders/", views.reminder_preferences, name="reminder_preferences"),
    path("analyst/submissions/", views.submission_queue, name="submissions"),
    path(
        "analyst/submissions/<int:submission_id>/log/",
        views.accept_submission,
        name="accept_submission",
    ),
    path(
        "analyst/submissions/<int:submission_id>/dismiss/",
        views.dismiss_submission,
        name="dismiss_submission",
    ),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
