"""Classes, their learners and instructors, assignments, and the item statistics computed
from the attempts made for them.

Attempts stay in quizzes; an assignment claims one through AssignmentAttempt, so practice
outside assignments never shows up here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from quizzes.models import Attempt

MIN_TIME_MULTIPLIER = Decimal("1.00")
MAX_TIME_MULTIPLIER = Decimal("4.00")


class Classroom(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    join_code = models.CharField(max_length=8, unique=True)
    join_open = models.BooleanField(default=True, help_text="Whether the code admits learners.")
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_classes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_memberships"
    )
    time_multiplier = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=MIN_TIME_MULTIPLIER,
        validators=[
            MinValueValidator(MIN_TIME_MULTIPLIER),
            MaxValueValidator(MAX_TIME_MULTIPLIER),
        ],
        help_text="Timed attempts for this class's assignments last this many times longer.",
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("classroom", "user__username")
        constraints = (
            models.UniqueConstraint(fields=("classroom", "user"), name="one_membership_a_class"),
        )

    def __str__(self) -> str:
        return f"{self.user} in {self.classroom}"


class Assignment(models.Model):
    class Kind(models.TextChoices):
        EXAM = "exam", "Timed exam"
        PRACTICE = "practice", "Practice set"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topics = models.JSONField(default=list, help_text="Topic slugs; empty: the exam blueprint.")
    length = models.PositiveSmallIntegerField()
    fixed_form = models.BooleanField(
        default=False, help_text="Every learner gets the same questions in the same order."
    )
    seed = models.PositiveBigIntegerField(help_text="Draws the fixed form's questions.")
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    max_attempts = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due_at", "pk")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("opens_at")), name="due_after_opening"
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_exam(self) -> bool:
        return self.kind == self.Kind.EXAM


class AssignmentAttempt(models.Model):
    """An attempt made for an assignment; the user is a copy of the attempt's, for queries."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="attempt_links"
    )
    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="assignment_link"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_attempts"
    )

    class Meta:
        indexes = (models.Index(fields=("assignment", "user"), name="assignment_attempt_user"),)

    def __str__(self) -> str:
        return f"attempt {self.attempt_id} for {self.assignment_id}"


BANK = "bank"


class ItemStatistic(models.Model):
    """One question version's figures in one scope: an assignment, or the whole bank."""

    scope = models.CharField(max_length=30, help_text='"bank" or "assignment:<pk>".')
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="item_statistics"
    )
    question_uid = models.CharField(max_length=200)
    version = models.PositiveIntegerField(
        default=0, help_text="The authored question's version; 0 for generated questions."
    )
    topic = models.CharField(max_length=80)
    prompt = models.TextField()
    n = models.PositiveIntegerField()
    facility = models.FloatField(null=True)
    sd = models.FloatField(null=True)
    discrimination = models.FloatField(null=True)
    efficiency = models.FloatField(null=True)
    choices = models.JSONField(default=list, help_text="The distractor table's rows.")
    thirds = models.JSONField(default=dict, help_text="Sizes of the top and bottom thirds.")
    needs_checking = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ("scope", "topic", "question_uid", "version")
        constraints = (
            models.UniqueConstraint(
                fields=("scope", "question_uid", "version"), name="one_statistic_a_version"
            ),
        )

    def __str__(self) -> str:
        return f"{self.question_uid} v{self.version} ({self.scope})"


class AssignmentStatistic(models.Model):
    """Whole-test figures of an assignment (alpha and its kin only for a fixed form)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="statistic"
    )
    n = models.PositiveIntegerField()
    items = models.PositiveIntegerField()
    mean_score = models.FloatField(null=True)
    alpha = models.FloatField(null=True)
    error_ratio = models.FloatField(null=True)
    standard_error = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"statistics of {self.assignment_id}"


class PendingRecompute(models.Model):
    """A scope whose statistics are out of date; a queued task clears it. The unique key is
    what deduplicates: a scope already waiting does not queue another task."""

    key = models.CharField(max_length=250, unique=True)
    queued_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class LearnerMastery(models.Model):
    """A learner's mastery of a topic as /progress/ scores it, computed in the background
    (after each submitted attempt, and again once it is older than the heatmap allows) so
    that a class heatmap reads stored figures instead of every learner's review cards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("studyguide.Topic", on_delete=models.CASCADE, related_name="+")
    memory = models.PositiveSmallIntegerField()
    accuracy = models.PositiveSmallIntegerField(null=True)
    mastery = models.PositiveSmallIntegerField()
    facts_met = models.PositiveIntegerField()
    facts_total = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("user", "topic"), name="one_mastery_a_topic"),
        )

    def __str__(self) -> str:
        return f"{self.user_id} on {self.topic_id}: {self.mastery}"
