from django import forms

from quizzes.services import EXAM_LENGTHS, PRACTICE_LENGTHS
from teaching.models import MAX_TIME_MULTIPLIER, MIN_TIME_MULTIPLIER, Assignment


class ClassroomForm(forms.Form):
    name = forms.CharField(label="Class name", max_length=100)


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="8 letters and digits from your instructor, like 7K3M-9QXD.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class InstructorAddForm(forms.Form):
    username = forms.CharField(label="Username of another instructor", max_length=150)


class TimeMultiplierForm(forms.Form):
    multiplier = forms.DecimalField(
        label="Time multiplier",
        min_value=MIN_TIME_MULTIPLIER,
        max_value=MAX_TIME_MULTIPLIER,
        max_digits=3,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
    )


class UTCDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=120)
    kind = forms.ChoiceField(label="Kind", choices=Assignment.Kind.choices)
    topics = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A timed exam with no topic chosen follows the exam blueprint (every topic).",
    )
    length = forms.TypedChoiceField(
        label="Questions",
        coerce=int,
        choices=[(n, str(n)) for n in sorted({*EXAM_LENGTHS, *PRACTICE_LENGTHS})],
        help_text=(
            f"Exams: {', '.join(map(str, EXAM_LENGTHS))}; "
            f"practice sets: {', '.join(map(str, PRACTICE_LENGTHS))}."
        ),
    )
    opens_at = forms.DateTimeField(label="Opens (UTC)", widget=UTCDateTimeInput())
    due_at = forms.DateTimeField(label="Due (UTC)", widget=UTCDateTimeInput())
    max_attempts = forms.IntegerField(
        label="Attempts allowed", min_value=1, max_value=20, initial=1
    )
    fixed_form = forms.BooleanField(
        label="Everyone gets the same questions (a fixed form; needed for Cronbach's alpha)",
        required=False,
    )

    def __init__(self, *args: object, topics: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        topics_field = self.fields["topics"]
        if not isinstance(topics_field, forms.MultipleChoiceField):
            raise TypeError("topics must be a multiple choice field")
        topics_field.choices = topics
