from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class StudyguideConfig(AppConfig):
    name = "studyguide"
    verbose_name = "Study guide"

    def ready(self) -> None:
        from studyguide.caching import on_content_changed
        from studyguide.models import AuthoredQuestion, ComparisonTable, Fact, Lesson, Topic

        for model in (Topic, Lesson, Fact, ComparisonTable, AuthoredQuestion):
            name = model._meta.model_name
            post_save.connect(on_content_changed, sender=model, dispatch_uid=f"content.{name}.save")
            post_delete.connect(
                on_content_changed, sender=model, dispatch_uid=f"content.{name}.del"
            )
