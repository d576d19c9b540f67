from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("studyguide.urls")),
    path("calculators/", include("calculators.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("", include("progress.urls")),
    path("instructor/", core_views.instructor_home, name="instructor_home"),
    path("instructor/classes/", include("teaching.urls")),
    path("instructor/", include("workspace.urls")),
    path("reports/", include("workspace.learner_urls")),
    path("join/", include("teaching.join_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"
