from django import forms

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
