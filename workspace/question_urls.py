"""The question bank under /instructor/questions/ (namespace "workspace")."""

from django.urls import path

from workspace import question_views as views

urlpatterns = [
    path("", views.question_list, name="question_list"),
    path("generated/", views.question_generated, name="question_generated"),
    path("new/", views.question_create, name="question_create"),
    path("preview/", views.question_preview, name="question_preview"),
    path("<slug:key>/", views.question_detail, name="question_detail"),
    path("<slug:key>/edit/", views.question_edit, name="question_edit"),
    path("<slug:key>/preview/", views.question_preview, name="question_preview"),
    path("<slug:key>/status/", views.question_status, name="question_status"),
]
