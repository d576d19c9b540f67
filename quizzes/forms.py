from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms

from calculators.formulas import CalculatorInputError, NumberSpec
from quizzes.generation import ALL_KINDS, MAX_COUNT
from quizzes.generation.types import AnswerMode, Question
from quizzes.services import (
    EXAM_LENGTHS,
    EXAM_MINUTES_PER_QUESTION,
    NOT_A_CHOICE,
    PRACTICE_LENGTHS,
    QuizError,
    length_message,
    validate_response,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def length_field(lengths: tuple[int, ...], **kwargs: object) -> forms.TypedChoiceField:
    message = length_message(lengths)
    return forms.TypedChoiceField(
        coerce=int,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,  # type: ignore[arg-type]
    )


class PracticeForm(forms.Form):
    topics = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one topic.",
            "invalid_choice": "%(value)s is not one of the topics.",
        },
    )
    length = length_field(
        PRACTICE_LENGTHS,
        label="Questions",
        choices=[(n, f"{n} questions") for n in PRACTICE_LENGTHS],
        initial=10,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, topics: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topics"].choices = topics  # type: ignore[attr-defined]


class ExamForm(forms.Form):
    length = length_field(
        EXAM_LENGTHS,
        label="Length",
        choices=[
            (n, f"{n} questions ({n * EXAM_MINUTES_PER_QUESTION:.0f} minutes)")
            for n in EXAM_LENGTHS
        ],
        initial=EXAM_LENGTHS[0],
        widget=forms.RadioSelect,
    )


class MistakesForm(forms.Form):
    length = length_field(
        PRACTICE_LENGTHS, choices=[(n, str(n)) for n in PRACTICE_LENGTHS], initial=10
    )


class PreviewForm(forms.Form):
    """Instructor preview of what the generators make for a topic."""

    topic = forms.ChoiceField(error_messages={"invalid_choice": "%(value)s is not a topic."})
    kind = forms.ChoiceField(
        required=False,
        choices=[
            ("", "All kinds"),
            *[(str(kind), str(kind).replace("_", " ")) for kind in ALL_KINDS],
        ],
        error_messages={"invalid_choice": "%(value)s is not a question kind."},
    )
    seed = forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text="The same seed always gives the same questions.",
        error_messages={"invalid": "The seed is a whole number, such as 0."},
    )
    count = forms.IntegerField(
        min_value=1,
        max_value=MAX_COUNT,
        initial=20,
        error_messages={"invalid": "The count is a whole number from 1 to 200."},
    )

    def __init__(self, *args: object, topics: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]


# Counts of partitions, shards and instances: far below this, and far inside the 20 whole
# digits that AttemptQuestion.number can store.
NUMBER_ANSWER_SPEC = NumberSpec(maximum=10**15)


class ChoiceIndexesField(forms.Field):
    """The indexes of the chosen answers, as posted by radio buttons or checkboxes."""

    widget = forms.SelectMultiple
    default_error_messages: ClassVar[dict[str, "StrOrPromise"]] = {"invalid": NOT_A_CHOICE}

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return [int(index) for index in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class NumberAnswerField(forms.Field):
    """A number bounded in size, digits and exponent by the calculators' own input check,
    so that no answer can overflow the database column or the arithmetic."""

    def to_python(self, value: Any) -> Decimal | None:
        text = "" if value is None else str(value).strip().replace(",", "")
        if not text:
            return None
        try:
            NUMBER_ANSWER_SPEC.parse("number", text)
        except CalculatorInputError as error:
            raise forms.ValidationError(error.message, code="invalid") from None
        return Decimal(text)


class AnswerForm(forms.Form):
    """One answer to one question: its choices, or its number for a calculated question.

    `selected` and `given_number` are what the services take; the question's own rules (how many
    choices, which exist) are checked by `services.validate_response`.
    """

    choice = ChoiceIndexesField(required=False)
    number = NumberAnswerField(required=False)

    def __init__(self, *args: Any, question: Question | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.numeric = question is not None and question.answer_mode == AnswerMode.NUMERIC
        del self.fields["choice" if self.numeric else "number"]
        self.selected: list[int] | None = None
        self.given_number: Decimal | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or self.question is None:
            return cleaned
        selected = None if self.numeric else cleaned.get("choice", [])
        number = cleaned.get("number") if self.numeric else None
        try:
            validate_response(self.question, selected=selected, number=number)
        except QuizError as error:
            raise forms.ValidationError(error.message, code="invalid") from None
        self.selected, self.given_number = selected, number
        return cleaned

    @property
    def problem(self) -> str:
        """The first thing wrong with the answer, for the message beside the question."""
        for messages in (self.non_field_errors(), *self.errors.values()):
            if messages:
                return str(messages[0])
        return ""
