from django import forms

from quizzes.generation import ALL_KINDS, MAX_COUNT
from quizzes.services import (
    EXAM_LENGTHS,
    EXAM_MINUTES_PER_QUESTION,
    PRACTICE_LENGTHS,
    length_message,
)


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
