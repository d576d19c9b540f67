from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Classes and assignments"

    def ready(self) -> None:
        from quizzes.signals import attempt_submitted, attempts_regraded
        from teaching import receivers

        attempt_submitted.connect(receivers.queue_statistics, dispatch_uid="teaching-statistics")
        attempts_regraded.connect(
            receivers.queue_statistics_after_regrade, dispatch_uid="teaching-statistics-regrade"
        )
