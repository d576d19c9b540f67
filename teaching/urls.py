from django.urls import path

from teaching import views

app_name = "teaching"

urlpatterns = [
    path("", views.classes, name="classes"),
    path("item-statistics/", views.bank_statistics, name="bank_statistics"),
    path("<slug:slug>/", views.class_detail, name="class_detail"),
    path("<slug:slug>/code/", views.class_code, name="class_code"),
    path("<slug:slug>/instructors/", views.class_instructor_add, name="instructor_add"),
    path("<slug:slug>/learners/<int:user_id>/", views.learner_detail, name="learner_detail"),
    path("<slug:slug>/learners/<int:user_id>/time/", views.learner_time, name="learner_time"),
    path("<slug:slug>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("<slug:slug>/assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path(
        "<slug:slug>/assignments/<int:pk>/marks.csv",
        views.assignment_marks_csv,
        name="assignment_marks_csv",
    ),
    path(
        "<slug:slug>/assignments/<int:pk>/statistics/",
        views.assignment_statistics,
        name="assignment_statistics",
    ),
]
