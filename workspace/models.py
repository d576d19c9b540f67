"""What the instructor workspace records: question versions, the history of every change,
learners' reports on questions, and regrades.

Course rows themselves live in studyguide; an edit in the workspace sets their
`edited_at`/`edited_by` (so an import does not overwrite it) and adds a ChangeRecord.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import AuthoredQuestion


class QuestionVersion(models.Model):
    """A question's fields as one version had them. Attempts keep their own snapshot;
    this is the bank's history, listing what each version changed."""

    question = models.ForeignKey(
        AuthoredQuestion, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    data = models.JSONField(help_text="The question's fields in this version.")
    changed = models.JSONField(default=list, help_text="Fields changed from the last version.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("question", "-number")
        constraints = (
            models.UniqueConstraint(fields=("question", "number"), name="one_version_a_number"),
        )

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class ChangeRecord(models.Model):
    """Who changed which course item, when, and how: the history the workspace shows."""

    class Subject(models.TextChoices):
        QUESTION = "question", "Question"
        FACT = "fact", "Fact"
        LESSON = "lesson", "Lesson"
        REPORT = "report", "Report"

    subject = models.CharField(max_length=10, choices=Subject.choices)
    key = models.CharField(max_length=200, help_text="The item's key, slug or id.")
    action = models.CharField(max_length=40, help_text='"created", "edited", "published"...')
    summary = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=("subject", "key", "-at"), name="change_subject_key"),)

    def __str__(self) -> str:
        return f"{self.subject} {self.key} {self.action}"


class QuestionReport(models.Model):
    """A learner's report of a problem with a question they answered."""

    class Reason(models.TextChoices):
        WRONG_KEY = "wrong_key", "The marked answer is wrong"
        AMBIGUOUS = "ambiguous", "More than one answer is defensible"
        TYPO = "typo", "Typo or grammar"
        OUT_OF_DATE = "out_of_date", "Out of date"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FIXED = "fixed", "Fixed"
        DISMISSED = "dismissed", "Dismissed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_reports"
    )
    question_uid = models.CharField(max_length=200)
    question = models.ForeignKey(
        AuthoredQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The authored question, when the report is about one.",
    )
    version = models.PositiveIntegerField(default=0)
    attempt_question = models.ForeignKey(
        AttemptQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(help_text="The question as the learner saw it.")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=("status", "-created_at"), name="report_status_recent"),
            models.Index(fields=("user", "-created_at"), name="report_user_recent"),
            models.Index(fields=("question_uid",), name="report_question_uid"),
        )

    def __str__(self) -> str:
        return f"report {self.pk} on {self.question_uid}"


class Regrade(models.Model):
    """An applied regrade of one question after its key was fixed."""

    question = models.ForeignKey(
        AuthoredQuestion, on_delete=models.CASCADE, related_name="regrades"
    )
    version = models.PositiveIntegerField(help_text="The version whose key was applied.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"regrade of {self.question_id} to v{self.version}"


class RegradeChange(models.Model):
    """One attempt's mark and score before and after a regrade."""

    regrade = models.ForeignKey(Regrade, on_delete=models.CASCADE, related_name="changes")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="regrades")
    position = models.PositiveSmallIntegerField()
    was_correct = models.BooleanField(null=True)
    now_correct = models.BooleanField(null=True)
    old_score = models.PositiveSmallIntegerField(null=True)
    new_score = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ("regrade", "attempt", "position")

    def __str__(self) -> str:
        return f"attempt {self.attempt_id} Q{self.position}: {self.old_score}->{self.new_score}"
