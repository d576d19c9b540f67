"""The site's URLs as they were before the study guide had lesson pages."""

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    pattern for pattern in site_urlpatterns if getattr(pattern, "app_name", None) != "studyguide"
]
