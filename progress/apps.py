from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress and review"

    def ready(self) -> None:
        from progress.services import on_question_answered
        from quizzes.signals import question_answered

        question_answered.connect(on_question_answered, dispatch_uid="progress.review_cards")
