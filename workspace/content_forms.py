"""Forms of the workspace's fact, lesson and interchange pages.

The edit forms judge their input with the content importer's own rules
(studyguide.content.validation), so the browser refuses exactly what a file would, with
the same messages, each beside the field it is about.
"""

import re
from decimal import Decimal
from typing import Any

from django import forms

from studyguide.content.fields import Record, column_limit
from studyguide.content.problems import Problems
from studyguide.content.validation import group_problems, validate_fact, validate_lesson_body
from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic
from studyguide.records import FactData, LessonData

# What YAML reads as a number in facts.yaml; anything else is a text value.
NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
YEAR_RE = re.compile(r"^\d{1,6}$")
MAX_UPLOAD_BYTES = 1024 * 1024
FILE_FORMATS = [("gift", "GIFT"), ("aiken", "Aiken")]


def _topic_choices(topics: list[Topic], *, blank: str | None) -> list[tuple[str, str]]:
    choices = [(topic.slug, topic.title) for topic in topics]
    return [("", blank), *choices] if blank is not None else choices


class _Form(forms.Form):
    """Labels read as the field's name alone ("Topic", not "Topic:"), as elsewhere."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class _TopicsMixin:
    fields: dict[str, forms.Field]

    def set_topics(self, topics: list[Topic], *, blank: str | None, name: str = "topic") -> None:
        self.topics = {topic.slug: topic for topic in topics}
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is not a choice field")
        field.choices = _topic_choices(topics, blank=blank)
        field.error_messages["invalid_choice"] = "There is no topic %(value)s."


# ---------------------------------------------------------------------------------------
# Facts


class FactFilterForm(_TopicsMixin, _Form):
    topic = forms.ChoiceField(required=False, label="Topic")
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Words from a key, name, statement, value or unit.",
    )
    verified = forms.ChoiceField(
        required=False,
        label="Checked",
        choices=[("", "Verified or not"), ("yes", "Verified only"), ("no", "Not yet verified")],
        error_messages={"invalid_choice": "Choose verified, not yet verified, or either."},
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_topics(topics, blank="All topics")

    def selected_topic(self) -> Topic | None:
        return self.topics.get(self.cleaned_data.get("topic") or "")

    def verified_flag(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("verified") or "")


def _typed(text: str) -> Decimal | str:
    return Decimal(text) if NUMBER_RE.match(text) else text


def _required(widget: forms.Widget) -> forms.Widget:
    # The importer's rules judge an empty field (with its own message); the attribute only
    # spares a round trip in the browser.
    widget.attrs["required"] = True
    return widget


# validate_fact groups problems by the facts.yaml field; "legacy" covers both of its parts.
FACT_FORM_FIELDS = {
    "value": "value",
    "unit": "unit",
    "name": "name",
    "statement": "statement",
    "source_url": "source_url",
    "as_of": "as_of",
    "legacy": "legacy_value",
    "verified": "verified",
}


class FactForm(_Form):
    """A fact's editable fields; its key and topic stay as they are."""

    value = forms.CharField(
        required=False,
        strip=True,
        label="Value",
        max_length=column_limit(Fact, "value"),
        help_text="A number (14, 0.5) or a short text. Numbers are asked in generated questions.",
        widget=_required(forms.TextInput()),
    )
    unit = forms.CharField(
        required=False,
        label="Unit",
        max_length=column_limit(Fact, "unit"),
        help_text="Plural, as it reads after the value: days, KiB, requests/s. May be empty.",
    )
    name = forms.CharField(
        required=False,
        label="Name",
        max_length=column_limit(Fact, "name"),
        help_text="A noun phrase: “the maximum retention period of an SQS queue”.",
        widget=_required(forms.TextInput()),
    )
    statement = forms.CharField(
        required=False,
        label="Statement",
        help_text="One sentence that states the fact, as the fact base shows it.",
        widget=_required(forms.Textarea(attrs={"rows": 3})),
    )
    source_url = forms.CharField(
        required=False,
        label="Source URL",
        max_length=column_limit(Fact, "source_url"),
        help_text="The AWS documentation page that gives the value (https://).",
        widget=_required(forms.URLInput()),
    )
    as_of = forms.CharField(
        required=False,
        label="As of",
        help_text="The date the value was checked against the source, like 2026-11-01.",
        widget=_required(forms.DateInput(attrs={"type": "date"})),
    )
    legacy_value = forms.CharField(
        required=False,
        label="Older value",
        max_length=column_limit(Fact, "legacy_value"),
        help_text="What older study guides say, when it differs, and the year it was current. "
        "Leave both empty for none.",
    )
    legacy_year = forms.CharField(
        required=False,
        label="Year of the older value",
        max_length=6,
        help_text="Like 2019.",
    )
    verified = forms.BooleanField(
        required=False,
        label="Verified against the source",
        help_text="An unverified fact is shown as such and never quizzed as certain.",
    )

    def __init__(self, *args: Any, fact: Fact, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "value": fact.value,
                "unit": fact.unit,
                "name": fact.name,
                "statement": fact.statement,
                "source_url": fact.source_url,
                "as_of": fact.as_of.isoformat(),
                "legacy_value": fact.legacy_value,
                "legacy_year": "" if fact.legacy_year is None else str(fact.legacy_year),
                "verified": fact.verified,
            }
        super().__init__(*args, **kwargs)
        self.fact = fact

    def item(self) -> dict[str, Any]:
        """The form's fields as a facts.yaml item."""
        data = self.cleaned_data
        fact = self.fact

        def typed(text: str, *, was_text: str, was_number: Decimal | None) -> Decimal | str:
            # A text value that merely looks like a number ("2019") stays text until changed.
            return text if text == was_text and was_number is None else _typed(text)

        item: dict[str, Any] = {
            "key": self.fact.key,
            "name": data["name"],
            "statement": data["statement"],
            "value": typed(data["value"], was_text=fact.value, was_number=fact.value_number),
            "unit": data["unit"],
            "source_url": data["source_url"],
            "as_of": data["as_of"],
            "verified": data["verified"],
        }
        legacy_value, legacy_year = data["legacy_value"], data["legacy_year"]
        if legacy_value or legacy_year:
            legacy: dict[str, Any] = {}
            if legacy_value:
                legacy["value"] = typed(
                    legacy_value, was_text=fact.legacy_value, was_number=fact.legacy_number
                )
            if legacy_year:
                legacy["year"] = int(legacy_year) if YEAR_RE.match(legacy_year) else legacy_year
            item["legacy"] = legacy
        return item

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        record, errors = validate_fact(self.item(), topic=self.fact.topic.slug)
        for name, messages in errors.items():
            for message in messages:
                self.add_error(FACT_FORM_FIELDS.get(name), message)
        cleaned["record"] = record
        return cleaned

    def record(self) -> FactData:
        record = self.cleaned_data["record"]
        if not isinstance(record, FactData):
            raise TypeError("record() is for a valid form")
        return record


# ---------------------------------------------------------------------------------------
# Lessons


class LessonFilterForm(_TopicsMixin, _Form):
    topic = forms.ChoiceField(required=False, label="Topic")

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_topics(topics, blank="All topics")

    def selected_topic(self) -> Topic | None:
        return self.topics.get(self.cleaned_data.get("topic") or "")


LESSON_FIELDS = frozenset(["title", "summary"])


def validate_lesson_fields(*, title: str, summary: str) -> dict[str, list[str]]:
    """A lesson's front matter (title and summary) by the importer's rules."""
    problems = Problems()
    record = Record(problems, "", "lesson", {"title": title, "summary": summary})
    record.text("title", limit=column_limit(Lesson, "title"))
    record.text("summary")
    return group_problems(problems.items, LESSON_FIELDS)


class LessonForm(_Form):
    title = forms.CharField(
        required=False,
        label="Title",
        max_length=column_limit(Lesson, "title"),
        widget=_required(forms.TextInput()),
    )
    summary = forms.CharField(
        required=False,
        label="Summary",
        help_text="One or two sentences shown in the topic's list of lessons.",
        widget=_required(forms.Textarea(attrs={"rows": 2})),
    )
    body = forms.CharField(
        required=False,
        strip=False,
        label="Body (Markdown)",
        help_text=(
            "Quote a fact as {{fact:KEY}}, a comparison table as {{table:SLUG}} and a "
            "diagram as ![description](diagram:NAME). Raw HTML is removed."
        ),
        widget=_required(forms.Textarea(attrs={"rows": 20, "spellcheck": "true"})),
    )

    def __init__(self, *args: Any, lesson: Lesson, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "title": lesson.title,
                "summary": lesson.summary,
                "body": lesson.body,
            }
        super().__init__(*args, **kwargs)
        self.lesson = lesson

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        # add_error drops a field from cleaned_data, so read them all first.
        title, summary, body = cleaned["title"], cleaned["summary"], cleaned["body"]
        errors = validate_lesson_fields(title=title, summary=summary)
        if not body.strip():
            errors.setdefault("body", []).append("the lesson has no text")
        else:
            data = LessonData(
                slug=self.lesson.slug,
                topic=self.lesson.topic.slug,
                title=title,
                summary=summary,
                order=self.lesson.order,
                body=body,
            )
            errors.setdefault("body", []).extend(validate_lesson_body(data))
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned


# ---------------------------------------------------------------------------------------
# GIFT and Aiken


class QuestionImportForm(_TopicsMixin, _Form):
    topic = forms.ChoiceField(label="Topic", help_text="The questions join this topic as drafts.")
    file_format = forms.ChoiceField(
        label="Format",
        choices=FILE_FORMATS,
        initial="gift",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose GIFT or Aiken."},
    )
    file = forms.FileField(
        label="File to import",
        help_text="A GIFT or Aiken text file in UTF-8, at most 1 MB.",
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "The file is empty.",
            "invalid": "Upload a file, using the form's own encoding.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,text/plain"}),
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_topics(topics, blank="Choose a topic")
        self.fields["topic"].error_messages["required"] = "Choose the topic to add them to."

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB: at most 1 MB is accepted."
            )
        data = upload.read()
        try:
            self.cleaned_data["text"] = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise forms.ValidationError(
                f"line {line}: is not UTF-8 text (save the file as UTF-8 and try again)"
            ) from error
        return upload

    def selected_topic(self) -> Topic:
        return self.topics[self.cleaned_data["topic"]]


class QuestionExportForm(_Form):
    topics = forms.MultipleChoiceField(
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one topic.",
            "invalid_choice": "There is no topic %(value)s.",
        },
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Every status"), *AuthoredQuestion.Status.choices],
        error_messages={"invalid_choice": "Choose draft, published, retired or every status."},
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.all_topics = topics
        field = self.fields["topics"]
        if not isinstance(field, forms.MultipleChoiceField):
            raise TypeError("topics is not a multiple choice field")
        field.choices = _topic_choices(topics, blank=None)

    def selected_topics(self) -> list[Topic]:
        chosen = set(self.cleaned_data["topics"])
        return [topic for topic in self.all_topics if topic.slug in chosen]
