from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress and review"

    def ready(self) -> None:
        from progress import learner_cache, study_days
        from progress.models import ExamPlan, ReviewCard, ReviewLog
        from progress.selectors import on_cards_changed
        from progress.services import on_question_answered
        from quizzes.models import Attempt, AttemptQuestion
        from quizzes.signals import question_answered
        from studyguide.models import StudiedLesson

        question_answered.connect(on_question_answered, dispatch_uid="progress.review_cards")
        post_save.connect(
            study_days.on_review_log_saved, sender=ReviewLog, dispatch_uid="progress.day.review"
        )
        post_save.connect(
            study_days.on_answer_saved, sender=AttemptQuestion, dispatch_uid="progress.day.answer"
        )
        post_save.connect(
            study_days.on_studied_lesson_saved,
            sender=StudiedLesson,
            dispatch_uid="progress.day.lesson",
        )
        post_delete.connect(
            study_days.on_studied_lesson_deleted,
            sender=StudiedLesson,
            dispatch_uid="progress.day.lesson-gone",
        )
        post_save.connect(on_cards_changed, sender=ReviewCard, dispatch_uid="progress.due.saved")
        post_delete.connect(on_cards_changed, sender=ReviewCard, dispatch_uid="progress.due.gone")
        # The dashboard's cached figures (progress/learner_cache.py). No delete receivers on
        # the many-row models (logs, attempts, answers): those go only with the account, and
        # a receiver would make that delete load and signal every row.
        for model in (ReviewCard, StudiedLesson, ExamPlan):
            post_save.connect(
                learner_cache.on_record_changed,
                sender=model,
                dispatch_uid=f"progress.learner.{model.__name__}",
            )
            post_delete.connect(
                learner_cache.on_record_changed,
                sender=model,
                dispatch_uid=f"progress.learner.{model.__name__}-gone",
            )
        post_save.connect(
            learner_cache.on_record_changed, sender=ReviewLog, dispatch_uid="progress.learner.log"
        )
        post_save.connect(
            learner_cache.on_attempt_saved, sender=Attempt, dispatch_uid="progress.learner.attempt"
        )
        post_save.connect(
            learner_cache.on_answer_saved,
            sender=AttemptQuestion,
            dispatch_uid="progress.learner.answer",
        )
