"""The API's routes: one router under /api/v1/, the schema and its documentation."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework import routers

from api import pages, views


class Router(routers.DefaultRouter):
    # No `.json` suffixes: the format is `?format=` or the Accept header.
    include_format_suffixes = False


router = Router()
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("updates", views.UpdateViewSet, basename="update")
router.register("addresses", views.AddressViewSet, basename="address")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("areas", views.AreaViewSet, basename="area")
router.register("stats", views.StatsViewSet, basename="stats")
router.register("candidates", views.CandidateViewSet, basename="candidate")

app_name = "api"
urlpatterns = [
    path("", pages.quickstart, name="quickstart"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The documentation pages are HTML with no metadata to describe: OPTIONS is
    # refused (405), where DRF would render its metadata into the page's template,
    # which for Swagger UI failed with a server error.
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", metadata_class=None),
        name="docs",
    ),
    path(
        "docs/redoc/",
        SpectacularRedocView.as_view(
            url_name="api:schema",
            template_name="api/redoc.html",
            metadata_class=None,
        ),
        name="redoc",
    ),
    # Last: whatever else is asked under /api/ is a 404 problem document.
    path("<path:rest>", pages.not_found, name="not_found"),
]
