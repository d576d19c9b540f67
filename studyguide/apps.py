from django.apps import AppConfig


class StudyguideConfig(AppConfig):
    name = "studyguide"
    verbose_name = "Study guide"
