"""The fact base in the database: what content files import into and pages read from.

Content rows are never deleted by an import: an item that vanished from the pack is
archived (hidden from pages) so that learners' history pointing at it survives.
"""

from decimal import Decimal, InvalidOperation
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from studyguide.records import (
    AuthoredQuestionData,
    ChoiceData,
    FactData,
    FactValue,
    LegacyValue,
    LessonData,
    TableColumn,
    TableData,
    TableRow,
    TopicData,
)

# Wide enough for byte counts and fractions alike; the text field keeps the exact spelling.
MAX_DIGITS = 30
DECIMAL_PLACES = 10
LEGACY_YEARS = (1990, 2100)


def live_q(prefix: str = "") -> Q:
    """Content (through `prefix`, e.g. "fact__") that is neither archived nor in an
    archived topic: what pages, quizzes and reviews may show."""
    return Q(**{f"{prefix}archived": False, f"{prefix}topic__archived": False})


class ArchivableQuerySet[M: models.Model](models.QuerySet[M]):
    def active(self) -> Self:
        return self.filter(archived=False)


class ContentQuerySet[M: models.Model](ArchivableQuerySet[M]):
    def live(self) -> Self:
        return self.filter(live_q())


class Topic(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveIntegerField(default=0)
    exam_weight = models.PositiveSmallIntegerField(
        default=1, help_text="The topic's share of a practice exam, relative to the others."
    )
    archived = models.BooleanField(default=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ("order", "slug")
        constraints = (
            models.CheckConstraint(
                condition=Q(exam_weight__gte=1), name="topic_exam_weight_positive"
            ),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("studyguide:topic_detail", kwargs={"topic": self.slug})

    def to_data(self) -> TopicData:
        return TopicData(
            slug=self.slug,
            title=self.title,
            summary=self.summary,
            order=self.order,
            exam_weight=self.exam_weight,
        )


class TopicContent(models.Model):
    """What a topic holds: imported from its folder, archived rather than deleted."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="%(class)ss")
    order = models.PositiveIntegerField(default=0)
    archived = models.BooleanField(default=False)
    # Set by an edit in the browser (workspace or admin), cleared when an import or export
    # makes the row and its file agree: an import never overwrites a row edited since.
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True


class Lesson(TopicContent):
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField(help_text="Markdown; quote facts as {{fact:KEY}}.")

    class Meta:
        ordering = ("topic__order", "order", "slug")
        constraints = (
            models.UniqueConstraint(fields=("topic", "slug"), name="lesson_slug_unique_per_topic"),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "studyguide:lesson_detail", kwargs={"topic": self.topic.slug, "lesson": self.slug}
        )

    def to_data(self, *, topic_slug: str) -> LessonData:
        return LessonData(
            slug=self.slug,
            topic=topic_slug,
            title=self.title,
            summary=self.summary,
            order=self.order,
            body=self.body,
        )


def _value_from_text(text: str, number: Decimal | None) -> FactValue:
    if number is None:
        return text
    try:
        # The text keeps the author's spelling ("1.50"), the number column only its value.
        return Decimal(text)
    except InvalidOperation:
        return number


class Fact(TopicContent):
    key = models.CharField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    statement = models.TextField()
    value = models.CharField(max_length=300, help_text="The value as written.")
    value_number = models.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text="Set when the value is a number.",
    )
    unit = models.CharField(max_length=60, blank=True)
    source_url = models.URLField(max_length=500)
    as_of = models.DateField()
    legacy_value = models.CharField(max_length=300, blank=True)
    legacy_number = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    legacy_year = models.PositiveIntegerField(null=True, blank=True)
    verified = models.BooleanField(default=True)

    class Meta:
        ordering = ("topic__order", "order", "key")
        # What clean() and the importer hold, kept by the database for every other writer.
        constraints = (
            models.CheckConstraint(condition=~Q(value=""), name="fact_value_not_empty"),
            models.CheckConstraint(
                condition=Q(legacy_value="", legacy_year__isnull=True)
                | (~Q(legacy_value="") & Q(legacy_year__isnull=False)),
                name="fact_legacy_value_with_year",
            ),
            models.CheckConstraint(
                condition=Q(legacy_number__isnull=True) | ~Q(legacy_value=""),
                name="fact_legacy_number_with_value",
            ),
            models.CheckConstraint(
                condition=Q(legacy_year__isnull=True)
                | Q(legacy_year__gte=LEGACY_YEARS[0], legacy_year__lte=LEGACY_YEARS[1]),
                name="fact_legacy_year_in_range",
            ),
        )

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        for text, number, field in (
            (self.value, self.value_number, "value_number"),
            (self.legacy_value, self.legacy_number, "legacy_number"),
        ):
            if number is None:
                continue
            try:
                same = Decimal(text) == number
            except InvalidOperation:
                same = False
            if not same:
                raise ValidationError({field: "The number must match the value as written."})
        if bool(self.legacy_value) != (self.legacy_year is not None):
            raise ValidationError({"legacy_year": "A legacy value needs its year, and back."})

    @property
    def typed_value(self) -> FactValue:
        return _value_from_text(self.value, self.value_number)

    @property
    def legacy(self) -> LegacyValue | None:
        if self.legacy_year is None:
            return None
        return LegacyValue(
            value=_value_from_text(self.legacy_value, self.legacy_number), year=self.legacy_year
        )

    def to_data(self, *, topic_slug: str) -> FactData:
        return FactData(
            key=self.key,
            topic=topic_slug,
            name=self.name,
            statement=self.statement,
            value=self.typed_value,
            unit=self.unit,
            source_url=self.source_url,
            as_of=self.as_of,
            legacy=self.legacy,
            verified=self.verified,
        )


class ComparisonTable(TopicContent):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    subject = models.CharField(max_length=80, help_text='What one row is: "engine".')
    caption = models.TextField()
    source_url = models.URLField(max_length=500)
    as_of = models.DateField()
    # [{"key", "label", "question"}] and [{"label", "cells": {column key: text}}]
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ("topic__order", "order", "slug")

    def __str__(self) -> str:
        return self.title

    def to_data(self, *, topic_slug: str) -> TableData:
        return TableData(
            slug=self.slug,
            topic=topic_slug,
            title=self.title,
            subject=self.subject,
            caption=self.caption,
            source_url=self.source_url,
            as_of=self.as_of,
            columns=tuple(
                TableColumn(key=c["key"], label=c["label"], question=c.get("question", ""))
                for c in self.columns
            ),
            rows=tuple(TableRow(label=r["label"], cells=dict(r["cells"])) for r in self.rows),
        )


class AuthoredQuestion(TopicContent):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single answer"
        MULTIPLE = "multiple", "Multiple answers"
        NUMERIC = "numeric", "Numeric"

    class Style(models.TextChoices):
        RECALL = "recall", "Recall"
        SCENARIO = "scenario", "Exam-style scenario"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    key = models.SlugField(max_length=120, unique=True, help_text="The question's id.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    style = models.CharField(max_length=10, choices=Style.choices, default=Style.RECALL)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="Only published questions reach quizzes.",
    )
    lesson_slug = models.SlugField(
        max_length=80, blank=True, help_text="The lesson of the same topic the item rests on."
    )
    prompt = models.TextField()
    explanation = models.TextField()
    # [{"text", "correct", "why"}] for single and multiple questions
    choices = models.JSONField(default=list, blank=True)
    answer = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    tolerance = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, default=Decimal(0)
    )
    unit = models.CharField(max_length=60, blank=True)
    fact_keys = models.JSONField(default=list, blank=True, help_text="Keys of the facts tested.")
    tags = models.JSONField(default=list, blank=True, help_text="Free labels for the bank.")
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every edit of a published question (see QuestionVersion)."
    )

    class Meta:
        ordering = ("topic__order", "order", "key")
        constraints = (
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="authored_question_tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "retired"]),
                name="authored_question_status_known",
            ),
        )

    def __str__(self) -> str:
        return self.key

    def to_data(self, *, topic_slug: str) -> AuthoredQuestionData:
        return AuthoredQuestionData(
            id=self.key,
            topic=topic_slug,
            kind=self.kind,
            prompt=self.prompt,
            explanation=self.explanation,
            choices=tuple(
                ChoiceData(text=c["text"], correct=bool(c.get("correct")), why=c.get("why", ""))
                for c in self.choices
            ),
            answer=None if self.answer is None else _plain_decimal(self.answer),
            tolerance=_plain_decimal(self.tolerance),
            unit=self.unit,
            facts=tuple(self.fact_keys),
            style=self.style,
            lesson=self.lesson_slug,
            status=self.status,
            tags=tuple(self.tags),
            version=self.version,
        )


def _plain_decimal(number: Decimal) -> Decimal:
    """Drop the column's padding zeros: 300.0000000000 -> 300, 0.5000000000 -> 0.5."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


class ContentImport(models.Model):
    """The last import of the content folder: start-up imports only when the files'
    digest differs from the last one imported."""

    digest = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ("-imported_at", "-pk")
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        return f"{self.path} at {self.imported_at:%Y-%m-%d %H:%M}"


class StudiedLesson(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="studied_lessons"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="studied_by")
    studied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-studied_at",)
        constraints = (
            models.UniqueConstraint(fields=("user", "lesson"), name="studied_lesson_once_per_user"),
        )

    def __str__(self) -> str:
        return f"{self.user} studied {self.lesson}"
