from django import forms

from quizzes.generation import ALL_KINDS, MAX_COUNT
from quizzes.services import EXAM_LENGTHS, EXAM_MINUTES_PER_QUESTION, PRACTICE_LENGTHS


class PracticeForm(forms.Form):
    topics = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one topic.",
            "invalid_choice": "%(value)s is not one of the topics.",
        },
    )
    length = forms.TypedChoiceField(
        label="Questions",
        choices=[(n, f"{n} questions") for n in PRACTICE_LENGTHS],
        coerce=int,
        initial=10,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose 5, 10 or 20 questions.",
            "invalid_choice": "Choose 5, 10 or 20 questions.",
        },
    )

    def __init__(self, *args: object, topics: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topics"].choices = topics  # type: ignore[attr-defined]


class ExamForm(forms.Form):
    length = forms.TypedChoiceField(
        label="Length",
        choices=[
            (n, f"{n} questions ({n * EXAM_MINUTES_PER_QUESTION:.0f} minutes)")
            for n in EXAM_LENGTHS
        ],
        coerce=int,
        initial=EXAM_LENGTHS[0],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose 10, 20 or 65 questions.",
            "invalid_choice": "Choose 10, 20 or 65 questions.",
        },
    )


class MistakesForm(forms.Form):
    length = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in PRACTICE_LENGTHS],
        coerce=int,
        initial=10,
        error_messages={
            "required": "Choose 5, 10 or 20 questions.",
            "invalid_choice": "Choose 5, 10 or 20 questions.",
        },
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
