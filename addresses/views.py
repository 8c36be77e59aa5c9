"""Public pages of the speech library."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views.generic import ListView, TemplateView

from addresses.models import Address


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["latest_addresses"] = Address.objects.public().select_related(
            "speaker"
        )[:5]
        context["address_count"] = Address.objects.public().count()
        return context


class AddressListView(ListView[Address]):
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Address]:
        return (
            Address.objects.public()
            .select_related("speaker")
            .defer("text")
            .order_by("-delivered_on", "-id")
        )
