from collections.abc import Sequence
from typing import ClassVar

from django.contrib import admin

from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ("title", "slug", "order", "archived")
    list_filter = ("archived",)
    search_fields = ("title", "slug")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("title",)}


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin[Lesson]):
    list_display = ("title", "topic", "slug", "order", "archived")
    list_filter = ("topic", "archived")
    list_select_related = ("topic",)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("title",)}


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin[Fact]):
    list_display = ("key", "topic", "value", "unit", "as_of", "verified", "archived")
    list_filter = ("topic", "verified", "archived")
    list_select_related = ("topic",)
    search_fields = ("key", "name", "statement", "value")
    fieldsets = (
        (None, {"fields": ("key", "topic", "order", "name", "statement")}),
        ("Value", {"fields": ("value", "value_number", "unit", "source_url", "as_of", "verified")}),
        ("What older guides say", {"fields": ("legacy_value", "legacy_number", "legacy_year")}),
        (None, {"fields": ("archived",)}),
    )


@admin.register(ComparisonTable)
class ComparisonTableAdmin(admin.ModelAdmin[ComparisonTable]):
    list_display = ("title", "slug", "topic", "as_of", "archived")
    list_filter = ("topic", "archived")
    list_select_related = ("topic",)
    search_fields = ("title", "slug", "caption")


@admin.register(AuthoredQuestion)
class AuthoredQuestionAdmin(admin.ModelAdmin[AuthoredQuestion]):
    list_display = ("key", "topic", "kind", "status", "archived")
    list_filter = ("topic", "kind", "status", "archived")
    list_select_related = ("topic",)
    search_fields = ("key", "prompt", "explanation")


@admin.register(StudiedLesson)
class StudiedLessonAdmin(admin.ModelAdmin[StudiedLesson]):
    list_display = ("user", "lesson", "studied_at")
    list_select_related = ("user", "lesson")
    search_fields = ("user__username", "lesson__title")
    raw_id_fields = ("user", "lesson")
