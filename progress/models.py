"""Each learner's memory of each fact (an FSRS card), every review of it, and the exam date."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from studyguide.models import Fact


class ReviewCard(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="review_cards")
    card = models.JSONField(help_text="fsrs Card.to_dict().")
    # A copy of card["due"] as a column, so due queues and counts are SQL queries.
    due = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("due", "pk")
        constraints = (
            models.UniqueConstraint(fields=("user", "fact"), name="one_review_card_per_fact"),
        )
        indexes = (models.Index(fields=("user", "due"), name="review_card_user_due"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.fact_id}"


class ReviewLog(models.Model):
    class Source(models.TextChoices):
        PRACTICE = "practice", "Practice quiz"
        MISTAKES = "mistakes", "Mistakes quiz"
        EXAM = "exam", "Practice exam"
        REVIEW = "review", "Review"

    class Rating(models.IntegerChoices):
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    # Denormalised from the card so history queries need no join.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs"
    )
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=Source.choices)
    attempt_question = models.ForeignKey(
        "quizzes.AttemptQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_logs",
    )
    log = models.JSONField(help_text="fsrs ReviewLog.to_dict().")

    class Meta:
        ordering = ("-reviewed_at", "-pk")
        indexes = (models.Index(fields=("user", "-reviewed_at"), name="review_log_user_recent"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=4),  # Again .. Easy
                name="review_log_rating_in_range",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_rating_display()} for card {self.card_id} at {self.reviewed_at:%Y-%m-%d}"

    @property
    def correct(self) -> bool:
        return self.rating != self.Rating.AGAIN


class ExamPlan(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_plan"
    )
    exam_date = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} sits the exam on {self.exam_date}"


class ReadinessEstimate(models.Model):
    """A learner's estimated chance of passing, as shown on one day (the day's last showing
    wins), kept so the mock exams taken afterwards can score it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_estimates"
    )
    made_on = models.DateField()
    made_at = models.DateTimeField()
    exam_date = models.DateField(null=True, blank=True)
    probability = models.FloatField(help_text="Chance of passing on the exam date.")
    # Per topic slug: [exam weight, chance of a right answer that day]; a mock exam of any
    # length taken afterwards is scored against the pass chance these give for its length.
    today = models.JSONField(default=dict)

    class Meta:
        ordering = ("-made_at", "-pk")
        constraints = (
            models.UniqueConstraint(fields=("user", "made_on"), name="one_readiness_a_day"),
            models.CheckConstraint(
                condition=Q(probability__gte=0, probability__lte=1),
                name="readiness_probability_in_range",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user}: {self.probability:.0%} on {self.made_on}"


class StudyDay(models.Model):
    """A day (UTC) on which the learner studied: a review, an answer or a lesson marked
    studied. Kept on write, so the dashboard's days studied and streak read a row or two
    instead of every log."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_days"
    )
    day = models.DateField()
    # Consecutive study days ending on this one (1 when the day before was not studied).
    streak = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("user", "day")
        constraints = (
            models.UniqueConstraint(fields=("user", "day"), name="one_study_day_per_day"),
        )

    def __str__(self) -> str:
        return f"{self.user} studied on {self.day}"
