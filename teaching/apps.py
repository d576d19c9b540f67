from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Classes and assignments"

    def ready(self) -> None:
        from quizzes.signals import attempt_submitted, attempts_regraded
        from teaching import receivers
        from teaching.models import Assignment, Classroom, Membership

        attempt_submitted.connect(receivers.queue_statistics, dispatch_uid="teaching-statistics")
        attempts_regraded.connect(
            receivers.queue_statistics_after_regrade, dispatch_uid="teaching-statistics-regrade"
        )
        for model in (Classroom, Membership, Assignment):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.class_row_changed,
                    sender=model,
                    dispatch_uid=f"teaching-class-pages-{model.__name__}-{signal is post_save}",
                )
        m2m_changed.connect(
            receivers.class_instructors_changed,
            sender=Classroom.instructors.through,
            dispatch_uid="teaching-class-pages-instructors",
        )
