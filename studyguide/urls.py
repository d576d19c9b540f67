from django.urls import path

from studyguide import views

app_name = "studyguide"

urlpatterns = [
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/<slug:topic>/<slug:lesson>/", views.lesson_detail, name="lesson_detail"),
    path(
        "lessons/<slug:topic>/<slug:lesson>/studied/", views.lesson_studied, name="lesson_studied"
    ),
    path("topics/<slug:topic>/", views.topic_detail, name="topic_detail"),
    path("facts/", views.fact_list, name="fact_list"),
    path("facts.json", views.fact_json, name="fact_json"),
]
