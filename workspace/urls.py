"""The instructor workspace under /instructor/: the question bank and editor, facts and
lessons, learners' reports, regrades, and GIFT/Aiken import and export."""

from django.urls import include, path

app_name = "workspace"

urlpatterns = [
    path("questions/", include("workspace.question_urls")),
    path("", include("workspace.content_urls")),
    path("", include("workspace.report_urls")),
]
