"""Facts, lessons and GIFT/Aiken import and export in the instructor workspace."""

from django.urls import path

from workspace import content_views as views

urlpatterns = [
    path("facts/", views.fact_list, name="fact_list"),
    path("facts/<str:key>/edit/", views.fact_edit, name="fact_edit"),
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/<slug:topic>/<slug:slug>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<slug:topic>/<slug:slug>/preview/", views.lesson_preview, name="lesson_preview"),
    path("interchange/", views.interchange, name="interchange"),
    path("interchange/export/", views.interchange_export, name="interchange_export"),
]
