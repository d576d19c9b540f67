"""A learner's side of the workspace under /reports/: report a problem with a question, and
read the replies to one's reports."""

from django.urls import URLPattern, URLResolver

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = []
