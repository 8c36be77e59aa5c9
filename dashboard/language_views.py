"""The language switcher's target (see config/urls.py and templates/base.html)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language`, reading `next` in the language of its own address.

    The switch lives at one unprefixed address, so it runs in English, and Django
    would look `/kk/methodology/` up among the English addresses, find nothing and
    stay there. Exempt from CSRF so that public pages carry no token (and no CSRF
    cookie, which would make them uncacheable): the worst a forged post can do is
    move a reader to another language's page.
    """
    following = request.POST.get("next", request.GET.get("next", ""))
    language = translation.get_language_from_path(urlsplit(following).path)
    with translation.override(language or translation.get_language()):
        return i18n.set_language(request)
