"""Password reset by email: Django's views, with the link in the email built on
SITE_URL like every other link Uade mails (not on the Host header a request
happened to carry, which anyone can set)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)
