"""The speech pages' routes, under the `addresses` namespace that
`Address.get_absolute_url` reverses."""

from __future__ import annotations

from django.urls import path

from addresses.views import AddressListView
from dashboard import speech_views

app_name = "addresses"
urlpatterns = [
    path("", AddressListView.as_view(), name="list"),
    path("<str:slug>/", speech_views.speech_detail, name="detail"),
]
