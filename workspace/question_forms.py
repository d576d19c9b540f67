"""Forms of the question bank: its filters, and the editor (the question, its choices as a
formset). The editor's fields only carry what the author typed; the importer's own rules
(validate_question) judge the item, and their messages are put beside the fields."""

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.forms.formsets import BaseFormSet

from studyguide.content.questions import TAG_RE
from studyguide.content.validation import FieldErrors
from studyguide.models import AuthoredQuestion, Topic
from workspace.question_selectors import BankFilters, FactChoices

MAX_CHOICES = 12
EXTRA_CHOICE_ROWS = 2
# Paths of the bank's own pages: a question with one of these ids could not be opened.
RESERVED_KEYS = frozenset({"new", "generated", "preview"})


class BankFilterForm(forms.Form):
    topic = forms.ChoiceField(required=False, label="Topic")
    kind = forms.ChoiceField(
        required=False,
        label="Kind",
        choices=[("", "Any kind"), *AuthoredQuestion.Kind.choices],
    )
    style = forms.ChoiceField(
        required=False,
        label="Style",
        choices=[("", "Any style"), *AuthoredQuestion.Style.choices],
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), *AuthoredQuestion.Status.choices],
    )
    tag = forms.CharField(required=False, label="Tag", max_length=40)
    reported = forms.BooleanField(required=False, label="Only with open reports")
    q = forms.CharField(required=False, label="Id or prompt contains", max_length=200)

    def __init__(self, *args: Any, topics: list[Topic], tags: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            ("", "Any topic"),
            *((t.slug, t.title) for t in topics),
        ]
        self.fields["tag"].widget.attrs["list"] = "bank-tags"
        self.tags = tags

    def clean_tag(self) -> str:
        tag: str = self.cleaned_data["tag"].strip()
        if tag and not TAG_RE.match(tag):
            raise forms.ValidationError("A tag is lower-case letters, digits and hyphens.")
        return tag

    def filters(self) -> BankFilters:
        data = self.cleaned_data
        return BankFilters(
            topic=data["topic"],
            kind=data["kind"],
            style=data["style"],
            status=data["status"],
            tag=data["tag"],
            reported=data["reported"],
            text=data["q"].strip(),
        )


class ChoiceRowForm(forms.Form):
    text = forms.CharField(required=False, strip=False, label="Choice text")
    correct = forms.BooleanField(required=False, label="Correct")
    why = forms.CharField(
        required=False,
        strip=False,
        label="Why it is right or wrong",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return (
            not data.get("text", "").strip()
            and not data.get("why", "").strip()
            and not data.get("correct")
        )


class BaseChoiceFormSet(BaseFormSet[ChoiceRowForm]):
    def rows(self) -> list[dict[str, Any]]:
        """The filled-in rows in the file's form; blank and removed rows are left out."""
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            if form.is_blank():
                continue
            row: dict[str, Any] = {"text": form.cleaned_data["text"]}
            if form.cleaned_data["correct"]:
                row["correct"] = True
            if form.cleaned_data["why"].strip():
                row["why"] = form.cleaned_data["why"]
            rows.append(row)
        return rows


ChoiceFormSet = forms.formset_factory(
    ChoiceRowForm,
    formset=BaseChoiceFormSet,
    extra=EXTRA_CHOICE_ROWS,
    can_delete=True,
    max_num=MAX_CHOICES,
    absolute_max=MAX_CHOICES,
    validate_max=True,
)


def choice_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, add_row: bool = False
) -> BaseChoiceFormSet:
    """The choices' formset; `add_row` gives a bound one a blank row more (the "Add a row"
    button, which works without JavaScript by posting the form back)."""
    if data is not None and add_row:
        data = data.copy()
        key = "choices-TOTAL_FORMS"
        try:
            total = int(data.get(key, "0"))
        except ValueError:
            total = 0
        data[key] = str(min(MAX_CHOICES, max(total, 0) + 1))
    return cast(BaseChoiceFormSet, ChoiceFormSet(data, initial=initial, prefix="choices"))


def _number_or_text(text: str) -> Decimal | str:
    """A number typed in the form as the validator takes it: a Decimal, or the text as typed
    (which the validator then reports as not a number)."""
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return text


class QuestionForm(forms.Form):
    key = forms.CharField(
        label="Id",
        required=False,
        help_text="Lower-case words joined by hyphens, unique in the bank: sqs-retention-2.",
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[
            ("single", "Single answer"),
            ("multiple", "Multiple answers: “Choose N.”"),
            ("numeric", "Numeric answer"),
        ],
    )
    style = forms.ChoiceField(label="Style", choices=AuthoredQuestion.Style.choices)
    status = forms.ChoiceField(
        label="Status",
        choices=AuthoredQuestion.Status.choices,
        help_text="Only published questions reach quizzes.",
    )
    prompt = forms.CharField(
        label="Prompt",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Shown to learners as written. A multiple-answer prompt ends by saying how many "
            "to pick: “Choose two.”"
        ),
    )
    answer = forms.CharField(label="Answer", required=False)
    tolerance = forms.CharField(
        label="Tolerance",
        required=False,
        help_text="How far an answer may be from the answer and still count: 0 for exact.",
    )
    unit = forms.CharField(label="Unit", required=False)
    explanation = forms.CharField(
        label="Explanation",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown after the learner answers.",
    )
    facts = forms.MultipleChoiceField(
        label="Facts tested",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (or ⌘) to pick more than one.",
    )
    lesson = forms.ChoiceField(label="Lesson it rests on", required=False)
    tags = forms.CharField(
        label="Tags",
        required=False,
        help_text="Comma separated, lower-case letters, digits and hyphens: exam, sqs.",
    )
    based_on = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        topic: Topic,
        facts: FactChoices,
        lessons: list[tuple[str, str]],
        creating: bool,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.creating = creating
        if not creating:
            del self.fields["key"]
        self.fields["facts"].choices = facts  # type: ignore[attr-defined]
        self.fields["lesson"].choices = [("", "No lesson"), *lessons]  # type: ignore[attr-defined]

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if key.strip() in RESERVED_KEYS:
            raise forms.ValidationError(
                f"{key.strip()!r} names one of the bank's pages: choose another id."
            )
        return key

    def item(self, formset: BaseChoiceFormSet, *, key: str) -> dict[str, Any]:
        """What the author typed in questions.yaml form, for validate_question."""
        data = self.cleaned_data
        item: dict[str, Any] = {
            "id": data.get("key", key) if self.creating else key,
            "kind": data["kind"],
            "style": data["style"],
            "status": data["status"],
            "prompt": data["prompt"],
            "explanation": data["explanation"],
            "facts": list(data["facts"]),
        }
        if data["kind"] == "numeric":
            item["answer"] = _number_or_text(data["answer"])
            if data["tolerance"].strip():
                item["tolerance"] = _number_or_text(data["tolerance"])
            if data["unit"].strip():
                item["unit"] = data["unit"].strip()
        else:
            item["choices"] = formset.rows()
        if data["lesson"]:
            item["lesson"] = data["lesson"]
        tags = [tag.strip() for tag in data["tags"].split(",") if tag.strip()]
        if tags:
            item["tags"] = tags
        return item

    def add_problems(self, formset: BaseChoiceFormSet, errors: FieldErrors) -> None:
        """Put the validator's messages beside the fields they are about."""
        for name, messages in errors.items():
            if name == "choices":
                formset.non_form_errors().extend(messages)
                continue
            field = {"id": "key"}.get(name, name)
            if field not in self.fields or field == "based_on":
                field = None  # type: ignore[assignment]
            for message in messages:
                self.add_error(field, message)


def question_initial(question: AuthoredQuestion, stamp: str) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "style": question.style,
        "status": question.status,
        "prompt": question.prompt,
        "answer": "" if question.answer is None else f"{question.answer.normalize():f}",
        "tolerance": f"{question.tolerance.normalize():f}",
        "unit": question.unit,
        "explanation": question.explanation,
        "facts": list(question.fact_keys),
        "lesson": question.lesson_slug,
        "tags": ", ".join(question.tags),
        "based_on": stamp,
    }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=AuthoredQuestion.Status.choices)
