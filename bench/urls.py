"""The product's addresses and the two floor views."""

from django.urls import path

from bench.server import DrfFloor, django_floor
from config.urls import urlpatterns as product

urlpatterns = [
    path("bench/floor/django/", django_floor),
    path("bench/floor/drf/", DrfFloor.as_view()),
    *product,
]
