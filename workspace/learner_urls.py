"""A learner's side of the workspace under /reports/: report a problem with a question, and
read the replies to one's reports."""

from django.urls import path

from workspace import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report_mine, name="list"),
    path("new/", report_views.report_new, name="new"),
]
