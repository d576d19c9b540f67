from django.urls import path

from teaching import views

app_name = "join"

urlpatterns = [
    path("", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("assignments/<int:pk>/start/", views.assignment_start, name="assignment_start"),
]
