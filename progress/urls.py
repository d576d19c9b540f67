from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("review/", views.review, name="review"),
    path("review/answer/", views.review_answer, name="review_answer"),
    path("review/rate/", views.review_rate, name="review_rate"),
    path("review/cram/<slug:slug>/", views.cram, name="cram"),
    path("review/cram/<slug:slug>/done/", views.cram_done, name="cram_done"),
    path("review/cram/<slug:slug>/<int:position>/", views.cram, name="cram_question"),
    path("review/cram/<slug:slug>/<int:position>/answer/", views.cram_answer, name="cram_answer"),
    path("progress/", views.dashboard, name="dashboard"),
    path("progress/exam-date/", views.exam_date, name="exam_date"),
    path("progress/data/", views.your_data, name="your_data"),
    path("progress/data/export.json", views.export_json, name="export_json"),
    path("progress/data/export-csv.zip", views.export_csv, name="export_csv"),
    path("progress/data/delete/", views.delete_account, name="delete_account"),
]
