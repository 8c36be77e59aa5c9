"""Public pages of the speech library."""

from __future__ import annotations

from django.db.models import QuerySet
from django.views.generic import ListView

from addresses.models import Address


class AddressListView(ListView[Address]):
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Address]:
        return (
            Address.objects.public()
            .select_related("speaker")
            .defer("text")
            .order_by("-delivered_on", "-id")
        )
