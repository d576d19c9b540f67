"""The site's URLs plus the anchor every page is measured against: a bare template that
renders the site's base layout and nothing else."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def base_layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [path("__bench/base", base_layout), *site_urlpatterns]
