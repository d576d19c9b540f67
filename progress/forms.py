from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from progress.models import ReviewLog
from progress.review_questions import question_by_uid
from quizzes.forms import AnswerForm
from studyguide.records import FactData

LATEST_EXAM = timedelta(days=2 * 365)


class ExamDateForm(forms.Form):
    exam_date = forms.DateField(
        label="Exam date",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of your exam.",
            "invalid": "Enter a real date as YYYY-MM-DD, such as 2027-03-15.",
        },
    )

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today

    def clean_exam_date(self) -> date:
        exam_date: date = self.cleaned_data["exam_date"]
        if exam_date < self.today:
            raise forms.ValidationError("The exam date cannot be in the past.")
        if exam_date > self.today + LATEST_EXAM:
            raise forms.ValidationError("Choose a date within the next two years.")
        return exam_date


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm."},
    )

    def __init__(self, *args: object, user: AbstractBaseUser, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password


class QuickAnswerForm(AnswerForm):
    """The answer to a quick question (review or cram): which fact, which of its questions,
    the choice, and for review which showing of the card it answers (a resent form then
    counts once)."""

    turn = forms.CharField(required=False, max_length=64)

    def __init__(self, data: Any, *, facts: dict[str, FactData]) -> None:
        self.fact = facts.get(str(data.get("fact", "")))
        question = None
        if self.fact is not None:
            question = question_by_uid(self.fact, list(facts.values()), str(data.get("uid", "")))
        super().__init__(data, question=question)

    def clean(self) -> dict[str, Any]:
        if self.fact is None:
            raise forms.ValidationError(
                "That fact is not in the fact base any more; try the next one."
            )
        if self.question is None:
            raise forms.ValidationError("That question has changed; here is the current one.")
        return super().clean()


class FlipRatingForm(forms.Form):
    """How well the learner recalled a flip card (1 Again .. 4 Easy), for which fact, and
    which showing of its card (a resent form then counts once)."""

    rating = forms.TypedChoiceField(
        coerce=int,
        choices=ReviewLog.Rating.choices,
        error_messages={
            "required": "Choose how well you remembered it: Again, Hard, Good or Easy.",
            "invalid_choice": "Rate it Again, Hard, Good or Easy (keys 1 to 4).",
        },
    )
    turn = forms.CharField(required=False, max_length=64)

    def __init__(self, data: Any, *, facts: dict[str, FactData]) -> None:
        super().__init__(data)
        self.fact = facts.get(str(data.get("fact", "")))

    def clean(self) -> dict[str, Any]:
        if self.fact is None:
            raise forms.ValidationError(
                "That fact is not in the fact base any more; try the next one."
            )
        return super().clean() or {}

    @property
    def problem(self) -> str:
        """The first thing wrong, as AnswerForm words it."""
        return AnswerForm.problem.fget(self)  # type: ignore[attr-defined,no-any-return]
