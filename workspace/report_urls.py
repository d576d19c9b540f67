"""Learners' reports and regrades in the instructor workspace (namespace "workspace")."""

from django.urls import path

from workspace import report_views

urlpatterns = [
    path("reports/", report_views.report_queue, name="report_list"),
    path("reports/<int:pk>/", report_views.report_update, name="report_update"),
    path("questions/<slug:key>/regrade/", report_views.regrade, name="regrade"),
]
