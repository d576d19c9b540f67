from __future__ import annotations

from typing import Any

from django import forms

from workspace.models import QuestionReport
from workspace.report_selectors import ALL_STATUSES

TEXT_LIMIT = 2000


class ReportTargetForm(forms.Form):
    """Which question a report is about: an attempt question of the learner's, or a review
    question (fact and uid; no uid for a flip card)."""

    attempt_question = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    fact = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    uid = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    selected = forms.IntegerField(
        required=False, min_value=0, max_value=100, widget=forms.HiddenInput
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("attempt_question") and not data.get("fact"):
            raise forms.ValidationError("Say which question the report is about.")
        return data


class ReportForm(ReportTargetForm):
    reason = forms.ChoiceField(
        label="What is wrong?",
        choices=QuestionReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what is wrong with the question.",
            "invalid_choice": "Choose one of the listed reasons.",
        },
    )
    text = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Keep it to {TEXT_LIMIT} characters or fewer (you wrote %(show_value)d)."
        },
    )


class ReportAnswerForm(forms.Form):
    reply = forms.CharField(
        label="Reply to the learner",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Keep the reply to {TEXT_LIMIT} characters or fewer "
            "(this one has %(show_value)d)."
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=QuestionReport.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose open, fixed or dismissed.",
            "invalid_choice": "Choose open, fixed or dismissed.",
        },
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[*QuestionReport.Status.choices, (ALL_STATUSES, "All")],
        error_messages={"invalid_choice": "Show open, fixed, dismissed or all reports."},
    )
    question = forms.CharField(
        label="Question (uid or key)",
        required=False,
        max_length=200,
        error_messages={"max_length": "A question uid is at most 200 characters."},
    )
    reason = forms.ChoiceField(
        label="Reason",
        required=False,
        choices=[("", "Any reason"), *QuestionReport.Reason.choices],
        error_messages={"invalid_choice": "Choose one of the listed reasons."},
    )

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or QuestionReport.Status.OPEN,
            "question": (data.get("question") or "").strip(),
            "reason": data.get("reason") or "",
        }
