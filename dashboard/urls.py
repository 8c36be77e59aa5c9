from __future__ import annotations

from django.urls import path

from dashboard import views

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
]
