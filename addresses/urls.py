from __future__ import annotations

from django.urls import path

from addresses import views

app_name = "addresses"
urlpatterns = [
    path("", views.AddressListView.as_view(), name="list"),
    path("<str:slug>/", views.AddressDetailView.as_view(), name="detail"),
]
