"""The admin for the fact base. Saving a lesson, fact or question here checks it with the
content importer's own rules (studyguide.content.validation), shows each problem beside
its field, and marks the row as edited in the browser so import_content keeps it."""

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from studyguide.content.validation import (
    FieldErrors,
    validate_fact,
    validate_lesson_body,
    validate_question,
)
from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
    TopicContent,
)
from studyguide.records import LessonData

EDIT_MARK_HELP = (
    "Set when this row is saved in the browser; import_content keeps such a row rather "
    "than take the file's values, until export_content writes it to content/."
)


def _add_errors(form: forms.ModelForm[Any], errors: FieldErrors, names: dict[str, str]) -> None:
    """Each problem beside the form field it is about (the file's field names mapped to
    the form's), the rest at the top of the form."""
    for file_field, messages in errors.items():
        name = names.get(file_field, file_field)
        target = name if name in form.fields and name not in form.errors else None
        for message in messages:
            form.add_error(target, message)


class EditMarkingAdmin[M: TopicContent](admin.ModelAdmin[M]):
    """Saves in the admin are browser edits: who and when, for import_content to keep."""

    readonly_fields = ("edited_at", "edited_by")

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        obj.edited_at = timezone.now()
        obj.edited_by = request.user if request.user.is_authenticated else None
        super().save_model(request, obj, form, change)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ("title", "slug", "order", "archived")
    list_filter = ("archived",)
    search_fields = ("title", "slug")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("title",)}


class LessonAdminForm(forms.ModelForm[Lesson]):
    class Meta:
        model = Lesson
        fields = ("topic", "slug", "title", "summary", "order", "body", "archived")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        topic, body = cleaned.get("topic"), cleaned.get("body")
        if topic is not None and body is not None:
            lesson = LessonData(
                slug=cleaned.get("slug") or "",
                topic=topic.slug,
                title=cleaned.get("title") or "",
                summary=cleaned.get("summary") or "",
                order=cleaned.get("order") or 0,
                body=body,
            )
            for message in validate_lesson_body(lesson):
                self.add_error("body", message)
        return cleaned


@admin.register(Lesson)
class LessonAdmin(EditMarkingAdmin[Lesson]):
    form = LessonAdminForm
    list_display = ("title", "topic", "slug", "order", "archived", "edited_at")
    list_filter = ("topic", "archived")
    list_select_related = ("topic",)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("topic", "slug", "title", "summary", "order", "body")}),
        (None, {"fields": ("archived",)}),
        ("Browser edit", {"fields": ("edited_at", "edited_by"), "description": EDIT_MARK_HELP}),
    )


FACT_FIELD_NAMES = {"legacy": "legacy_value"}


class FactAdminForm(forms.ModelForm[Fact]):
    class Meta:
        model = Fact
        fields = (
            "key",
            "topic",
            "order",
            "name",
            "statement",
            "value",
            "value_number",
            "unit",
            "source_url",
            "as_of",
            "verified",
            "legacy_value",
            "legacy_number",
            "legacy_year",
            "archived",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        topic = cleaned.get("topic")
        if topic is None or self.errors:
            return cleaned  # the fields' own errors first
        item: dict[str, Any] = {
            "key": cleaned.get("key"),
            "name": cleaned.get("name"),
            "statement": cleaned.get("statement"),
            # As facts.yaml holds it: a number where the fact has one, text otherwise.
            "value": _typed(cleaned.get("value"), cleaned.get("value_number")),
            "unit": cleaned.get("unit") or "",
            "source_url": cleaned.get("source_url"),
            "as_of": cleaned.get("as_of"),
            "verified": bool(cleaned.get("verified")),
        }
        if cleaned.get("legacy_value") or cleaned.get("legacy_year") is not None:
            item["legacy"] = {
                "value": _typed(cleaned.get("legacy_value"), cleaned.get("legacy_number")),
                "year": cleaned.get("legacy_year"),
            }
        _, errors = validate_fact(item, topic=topic.slug)
        _add_errors(self, errors, FACT_FIELD_NAMES)
        return cleaned


def _typed(text: Any, number: Decimal | None) -> Any:
    if number is None:
        return text
    try:
        return Decimal(str(text))
    except ArithmeticError:
        return text


@admin.register(Fact)
class FactAdmin(EditMarkingAdmin[Fact]):
    form = FactAdminForm
    list_display = ("key", "topic", "value", "unit", "as_of", "verified", "archived", "edited_at")
    list_filter = ("topic", "verified", "archived")
    list_select_related = ("topic",)
    search_fields = ("key", "name", "statement", "value")
    fieldsets = (
        (None, {"fields": ("key", "topic", "order", "name", "statement")}),
        ("Value", {"fields": ("value", "value_number", "unit", "source_url", "as_of", "verified")}),
        ("What older guides say", {"fields": ("legacy_value", "legacy_number", "legacy_year")}),
        (None, {"fields": ("archived",)}),
        ("Browser edit", {"fields": ("edited_at", "edited_by"), "description": EDIT_MARK_HELP}),
    )


@admin.register(ComparisonTable)
class ComparisonTableAdmin(EditMarkingAdmin[ComparisonTable]):
    list_display = ("title", "slug", "topic", "as_of", "archived", "edited_at")
    list_filter = ("topic", "archived")
    list_select_related = ("topic",)
    search_fields = ("title", "slug", "caption")


class ChoiceLinesField(forms.Field):
    """A question's choices as lines of text rather than raw JSON:

    + Amazon SNS | Publish/subscribe delivers to every subscriber.
    - Amazon SQS | A queue hands each message to one consumer.
    """

    widget = forms.Textarea(attrs={"rows": 6, "cols": 90})

    def prepare_value(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value  # the text as typed, when the form comes back with errors
        try:
            return "\n".join(
                ("+ " if choice.get("correct") else "- ")
                + str(choice["text"])
                + (f" | {choice['why']}" if choice.get("why") else "")
                for choice in value
            )
        except (AttributeError, KeyError, TypeError):
            return json.dumps(value)  # a row written past the validators: show what is there

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        text = "" if value is None else str(value)
        choices = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            mark, _, rest = line.partition(" ")
            if mark not in ("+", "-") or not rest.strip():
                raise forms.ValidationError(
                    f"Line {number}: start each choice with + (a right answer) or - (a wrong "
                    "one), then a space and its text."
                )
            choice_text, _, why = rest.partition(" | ")
            choices.append(
                {"text": choice_text.strip(), "correct": mark == "+", "why": why.strip()}
            )
        return choices


class WordListField(forms.Field):
    """A list of keys or tags typed as words separated by commas or spaces."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(word) for word in value)
        return value

    def to_python(self, value: Any) -> list[str]:
        text = "" if value is None else str(value)
        return [word for word in text.replace(",", " ").split() if word]


QUESTION_FIELD_NAMES = {"id": "key", "lesson": "lesson_slug", "facts": "fact_keys"}


class AuthoredQuestionAdminForm(forms.ModelForm[AuthoredQuestion]):
    choices = ChoiceLinesField(
        required=False,
        help_text=(
            "One choice a line: + for a right answer, - for a wrong one, a space, the "
            "choice's text, then optionally ' | ' and why it is right or wrong (every wrong "
            "choice needs its why). Leave empty for a numeric question."
        ),
    )
    fact_keys = WordListField(
        required=False,
        label="Facts",
        help_text="Keys of the facts the question tests, separated by commas, e.g. "
        "sqs.retention.max, sqs.visibility.default. Each must exist.",
    )
    tags = WordListField(
        required=False,
        help_text="Labels for the question bank, separated by commas: lower-case letters, "
        "digits and -.",
    )

    class Meta:
        model = AuthoredQuestion
        fields = (
            "key",
            "topic",
            "order",
            "kind",
            "style",
            "status",
            "lesson_slug",
            "prompt",
            "choices",
            "answer",
            "tolerance",
            "unit",
            "explanation",
            "fact_keys",
            "tags",
            "archived",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        topic = cleaned.get("topic")
        if topic is None or self.errors:
            return cleaned  # the fields' own errors first
        kind = cleaned.get("kind")
        item: dict[str, Any] = {
            "id": cleaned.get("key"),
            "kind": kind,
            "style": cleaned.get("style") or "recall",
            "status": cleaned.get("status") or "published",
            "prompt": cleaned.get("prompt"),
            "explanation": cleaned.get("explanation"),
            "facts": cleaned.get("fact_keys") or [],
        }
        # In questions.yaml form: a field the kind does not take is an error there too.
        if cleaned.get("choices") or kind != AuthoredQuestion.Kind.NUMERIC:
            # As questions.yaml writes a choice: no "why" or "correct" when there is none.
            item["choices"] = [
                {name: value for name, value in choice.items() if name == "text" or value}
                for choice in cleaned.get("choices") or []
            ]
        if cleaned.get("answer") is not None or kind == AuthoredQuestion.Kind.NUMERIC:
            if cleaned.get("answer") is not None:
                item["answer"] = cleaned["answer"]
            if kind == AuthoredQuestion.Kind.NUMERIC:
                item["tolerance"] = cleaned.get("tolerance") or Decimal(0)
        if cleaned.get("unit"):
            item["unit"] = cleaned["unit"]
        if cleaned.get("lesson_slug"):
            item["lesson"] = cleaned["lesson_slug"]
        if cleaned.get("tags"):
            item["tags"] = cleaned["tags"]
        _, errors = validate_question(item, topic=topic.slug)
        _add_errors(self, errors, QUESTION_FIELD_NAMES)
        return cleaned


def _editor_note() -> str:
    return format_html(
        'The <a href="{}">question editor in the instructor workspace</a> is the easier '
        "place to write questions: it lays choices out as a form and previews the item as "
        "learners see it. Saving here checks the same rules as the editor and "
        "import_content.",
        reverse("workspace:question_list"),
    )


@admin.register(AuthoredQuestion)
class AuthoredQuestionAdmin(EditMarkingAdmin[AuthoredQuestion]):
    form = AuthoredQuestionAdminForm
    list_display = ("key", "topic", "kind", "status", "archived", "edited_at")
    list_filter = ("topic", "kind", "status", "archived")
    list_select_related = ("topic",)
    search_fields = ("key", "prompt", "explanation")

    def get_readonly_fields(
        self, request: HttpRequest, obj: AuthoredQuestion | None = None
    ) -> tuple[str, ...]:
        # The version is raised by the workspace's editor, never typed in.
        return ("version", "edited_at", "edited_by")

    def get_fieldsets(self, request: HttpRequest, obj: AuthoredQuestion | None = None) -> Any:
        return (
            (
                None,
                {
                    "fields": ("key", "topic", "order", "kind", "style", "status", "lesson_slug"),
                    "description": _editor_note(),
                },
            ),
            ("Question", {"fields": ("prompt", "choices", "explanation")}),
            ("Numeric answer", {"fields": ("answer", "tolerance", "unit")}),
            ("Facts and tags", {"fields": ("fact_keys", "tags")}),
            (None, {"fields": ("archived", "version")}),
            ("Browser edit", {"fields": ("edited_at", "edited_by"), "description": EDIT_MARK_HELP}),
        )


@admin.register(StudiedLesson)
class StudiedLessonAdmin(admin.ModelAdmin[StudiedLesson]):
    list_display = ("user", "lesson", "studied_at")
    list_select_related = ("user", "lesson")
    search_fields = ("user__username", "lesson__title")
    raw_id_fields = ("user", "lesson")
