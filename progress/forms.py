from datetime import date, timedelta

from django import forms
from django.contrib.auth.models import AbstractBaseUser

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
