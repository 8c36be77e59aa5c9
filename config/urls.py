from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from config.accounts import PasswordResetView
from config.permissions import view_on_site
from config.views import healthz
from dashboard import language_views
from dashboard.sitemaps import SITEMAPS
from dashboard.views import scoreboard_page

# Languages. The public site is in English at its plain addresses and in Russian
# and Kazakh under /ru/ and /kk/ (`prefix_default_language=False`): each language
# of a page has its own address, to share, to cache and to list in search engines
# (the pages name each other with `<link rel="alternate" hreflang>`), and no
# English address changed. The language comes from the address alone, never from a
# cookie or Accept-Language, so an address always shows the same page.
#
# What sits in the `dashboard` namespace is prefixed as a whole, feeds, calendar
# and CSV included (Django reverses a namespace in one place only): the Atom and
# iCalendar feeds linked from a Russian page carry Russian titles and statuses,
# while the English ones keep the addresses subscribers already have, and the CSV
# (codes, not words) is the same file at either address. Unprefixed, in English:
# the admin, the analysts' workspace, sign-out, /healthz, the sitemap (which lists
# every language of every page itself), the language switch and the API.
urlpatterns = i18n_patterns(
    path("", scoreboard_page, name="home"),
    path("addresses/", include("dashboard.address_urls")),
    path("embed/", include("dashboard.embed_urls")),
    path("", include("dashboard.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    prefix_default_language=False,
)
urlpatterns += [
    # The switcher in every public page's header posts here and is sent on to the
    # same page in the chosen language.
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", include("workspace.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by email, with Django's views: the answer is the same whether
    # or not an account has the address, and the link is valid once, for
    # PASSWORD_RESET_TIMEOUT; it points at SITE_URL.
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Ahead of the admin's own "view on site", which answers any staff member.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The REST API, its schema, documentation and quick start.
    path("api/", include("api.urls")),
]
