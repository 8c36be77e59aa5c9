from __future__ import annotations

from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("analyst/", views.workspace, name="workspace"),
    path("analyst/commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path(
        "analyst/commitments/<int:pk>/progress/",
        views.log_progress,
        name="log_progress",
    ),
    path("analyst/reminders/", views.reminder_preferences, name="reminder_preferences"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
