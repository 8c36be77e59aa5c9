from __future__ import annotations

from django.urls import path

from workspace import commitments, home, imports, review, views

app_name = "workspace"
urlpatterns = [
    path("analyst/", home.home, name="home"),
    path("analyst/commitments/", commitments.commitment_list, name="commitments"),
    path(
        "analyst/commitments/<int:pk>/",
        commitments.commitment_detail,
        name="commitment",
    ),
    path(
        "analyst/commitments/<int:pk>/progress/",
        commitments.log_progress,
        name="log_progress",
    ),
    path("analyst/reminders/", views.reminder_preferences, name="reminder_preferences"),
    path("analyst/import/", imports.import_address, name="import"),
    path(
        "analyst/addresses/<str:slug>/extraction/",
        imports.import_progress,
        name="import_progress",
    ),
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
    path("analyst/addresses/<str:slug>/review/", review.review, name="review"),
    path(
        "analyst/addresses/<str:slug>/review/<int:candidate_id>/",
        review.review_candidate,
        name="review_candidate",
    ),
    path(
        "analyst/addresses/<str:slug>/review/bulk/",
        review.review_bulk,
        name="review_bulk",
    ),
    path(
        "analyst/addresses/<str:slug>/review/add/",
        review.review_add,
        name="review_add",
    ),
    path(
        "analyst/evidence/<int:suggestion_id>/log/",
        review.log_from_evidence,
        name="log_from_evidence",
    ),
    path(
        "analyst/evidence/<int:suggestion_id>/dismiss/",
        review.dismiss_evidence,
        name="dismiss_evidence",
    ),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
