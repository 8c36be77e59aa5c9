from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.permissions import view_on_site
from config.views import healthz
from dashboard.views import scoreboard_page

urlpatterns = [
    path("", scoreboard_page, name="home"),
    path("addresses/", include("dashboard.address_urls")),
    path("embed/", include("dashboard.embed_urls")),
    path("", include("dashboard.urls")),
    path("", include("tracking.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Ahead of the admin's own "view on site", which answers any staff member.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
