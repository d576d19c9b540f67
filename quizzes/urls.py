from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.index, name="index"),
    path("practice/", views.practice, name="practice"),
    path("mistakes/", views.mistakes, name="mistakes"),
    path("exam/", views.exam, name="exam"),
    path("history/", views.history, name="history"),
    path("preview/", views.preview, name="preview"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/q/<int:position>/", views.question, name="question"),
    path("attempts/<int:pk>/q/<int:position>/answer/", views.answer, name="answer"),
    path("attempts/<int:pk>/q/<int:position>/flag/", views.flag, name="flag"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("attempts/<int:pk>/retry/", views.retry, name="retry"),
]
