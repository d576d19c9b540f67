"""Attempts and the answers in them.

An attempt freezes each question as it was shown (a snapshot of prompt, choices, answer and
explanation), so later content edits never change what a learner saw or how it was marked.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from quizzes.generation.types import AnswerMode, Question

PASS_MARK = 720  # out of 1000, as AWS's associate exams
SCORE_SCALE = 1000


def attempt_score(*, correct: int, total: int) -> int:
    """An attempt's score out of SCORE_SCALE: what submitting and regrading both record."""
    return round(SCORE_SCALE * correct / total) if total else 0


class Attempt(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        MISTAKES = "mistakes", "Practise my mistakes"
        EXAM = "exam", "Practice exam"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices)
    topics = models.JSONField(default=list, help_text="Topic slugs the questions came from.")
    seed = models.PositiveBigIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    question_count = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Out of 1000.")

    class Meta:
        ordering = ("-started_at", "-pk")
        indexes = (
            models.Index(fields=("user", "-started_at"), name="attempt_user_recent"),
            # A learner's submitted exams, newest first: the dashboard's exam chart, the
            # readiness check and the 30-day accuracy read only these.
            models.Index(
                fields=("user", "-submitted_at"),
                condition=models.Q(mode="exam", submitted_at__isnull=False),
                name="attempt_user_exams_recent",
            ),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=SCORE_SCALE),
                name="attempt_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(correct_count__lte=F("question_count")),
                name="attempt_correct_within_questions",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_mode_display()} #{self.pk} by {self.user}"

    @property
    def is_exam(self) -> bool:
        return self.mode == self.Mode.EXAM

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def is_past_deadline(self, now: datetime | None = None) -> bool:
        return self.deadline is not None and (now or timezone.now()) >= self.deadline

    @property
    def passed(self) -> bool | None:
        if self.score is None:
            return None
        return self.score >= PASS_MARK

    def seconds_left(self, now: datetime | None = None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))


class AttemptQuestion(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(help_text="1-based order in the attempt.")
    question_uid = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    topic = models.CharField(max_length=80)
    snapshot = models.JSONField(help_text="The question exactly as shown.")
    flagged = models.BooleanField(default=False)
    selected = models.JSONField(null=True, blank=True, help_text="Chosen choice indexes.")
    number = models.DecimalField(max_digits=30, decimal_places=10, null=True, blank=True)
    is_correct = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("attempt", "position")
        constraints = (
            models.UniqueConstraint(fields=("attempt", "position"), name="one_question_a_position"),
        )
        indexes = (models.Index(fields=("question_uid",), name="attempt_question_uid"),)

    def __str__(self) -> str:
        return f"Q{self.position} of attempt {self.attempt_id}"

    @property
    def question(self) -> Question:
        cached: Question | None = getattr(self, "_question", None)
        if cached is None:
            cached = Question.from_dict(self.snapshot)
            self._question = cached
        return cached

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def response_equals(self, *, selected: list[int] | None, number: Decimal | None) -> bool:
        if self.question.answer_mode == AnswerMode.NUMERIC:
            return self.number is not None and number is not None and self.number == number
        return self.selected is not None and sorted(self.selected) == sorted(selected or [])

    def choice_rows(self) -> list[dict[str, Any]]:
        """Choices with what the learner picked, for feedback and review."""
        picked = set(self.selected or [])
        return [
            {"index": i, "text": c.text, "correct": c.correct, "why": c.why, "picked": i in picked}
            for i, c in enumerate(self.question.choices)
        ]
