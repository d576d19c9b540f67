from django.contrib import admin

from progress.models import ExamPlan, ReviewCard, ReviewLog


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin[ReviewCard]):
    list_display = ("user", "fact", "due", "updated_at")
    search_fields = ("user__username", "fact__key")
    readonly_fields = ("user", "fact", "card", "due", "created_at", "updated_at")


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin[ReviewLog]):
    list_display = ("user", "card", "rating", "source", "reviewed_at")
    list_filter = ("rating", "source")
    search_fields = ("user__username",)
    readonly_fields = (
        "card", "user", "rating", "reviewed_at", "source", "attempt_question", "log"
    )  # fmt: skip


@admin.register(ExamPlan)
class ExamPlanAdmin(admin.ModelAdmin[ExamPlan]):
    list_display = ("user", "exam_date", "updated_at")
    search_fields = ("user__username",)
