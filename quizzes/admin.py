from django.contrib import admin

from quizzes.models import Attempt, AttemptQuestion


class AttemptQuestionInline(admin.TabularInline[AttemptQuestion, Attempt]):
    model = AttemptQuestion
    fields = ("position", "topic", "kind", "question_uid", "is_correct", "flagged", "answered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin[Attempt]):
    list_display = ("pk", "user", "mode", "started_at", "submitted_at", "score")
    list_filter = ("mode",)
    search_fields = ("user__username",)
    readonly_fields = (
        "user",
        "mode",
        "topics",
        "seed",
        "started_at",
        "deadline",
        "submitted_at",
        "question_count",
        "correct_count",
        "score",
    )
    inlines = (AttemptQuestionInline,)
