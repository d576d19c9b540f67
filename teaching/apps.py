from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Classes and assignments"

    def ready(self) -> None:
        from quizzes.signals import attempt_submitted
        from teaching import receivers

        attempt_submitted.connect(receivers.queue_statistics, dispatch_uid="teaching-statistics")
