"""The API's routes: one router under /api/v1/, the schema and its documentation."""

from __future__ import annotations

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
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

# What Redoc needs beyond the site's policy (config/settings.py), on its page only:
# its styles, written into <style> elements that carry this response's nonce
# (templates/api/redoc.html) except the two it writes before it reads the nonce (an
# empty one and perfect-scrollbar's, both of the bundled Redoc of
# drf-spectacular-sidecar 2026.10.1, by their hashes); its search index, built in a
# worker made from a blob; and the Redocly logo of its menu, from Redocly's site.
REDOC_POLICY = {
    "style-src": [
        NONCE,
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
    "worker-src": [SELF, "blob:"],
    "img-src": ["https://cdn.redoc.ly"],
}

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
        # Its start-up script comes from `?script`, not inline (the policy forbids it).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/swagger_ui.html",
            metadata_class=None,
        ),
        name="docs",
    ),
    path(
        "docs/redoc/",
        csp_update(REDOC_POLICY)(
            SpectacularRedocView.as_view(
                url_name="api:schema",
                template_name="api/redoc.html",
                metadata_class=None,
            )
        ),
        name="redoc",
    ),
    # Last: whatever else is asked under /api/ is a 404 problem document.
    path("<path:rest>", pages.not_found, name="not_found"),
]
