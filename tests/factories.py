import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import ensure_instructor_group
from progress.models import ExamPlan, ReviewCard, ReviewLog
from studyguide.models import ComparisonTable, Fact, Lesson, StudiedLesson, Topic

if TYPE_CHECKING:
    from django.db.models import Model
    from fsrs.card import CardDict

    class ModelFactory[M: Model](DjangoModelFactory[M]):
        # Calling a factory goes through factory_boy's untyped metaclass __call__, which
        # returns the saved model; this tells the type checker so. Runtime is unchanged.
        def __new__(cls, *args: Any, **kwargs: Any) -> M: ...  # type: ignore[misc]
else:
    ModelFactory = DjangoModelFactory

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(ModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)


class InstructorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"instructor{n}")
    is_staff = True

    @factory.post_generation
    def instructor_group(self: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(ensure_instructor_group())


# --- study guide -------------------------------------------------------------------------


class TopicFactory(ModelFactory[Topic]):
    class Meta:
        model = "studyguide.Topic"

    slug = factory.Sequence(lambda n: f"topic-{n}")
    title = factory.LazyAttribute(lambda t: f"Topic {t.slug}")
    summary = factory.Faker("sentence")
    order = factory.Sequence(lambda n: n)


class LessonFactory(ModelFactory[Lesson]):
    class Meta:
        model = "studyguide.Lesson"

    topic = factory.SubFactory(TopicFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.LazyAttribute(lambda lesson: f"Lesson {lesson.slug}")
    summary = factory.Faker("sentence")
    order = factory.Sequence(lambda n: n)
    body = factory.Faker("paragraph")


class FactFactory(ModelFactory[Fact]):
    class Meta:
        model = "studyguide.Fact"

    key = factory.Sequence(lambda n: f"service.limit_{n}")
    topic = factory.SubFactory(TopicFactory)
    name = factory.LazyAttribute(lambda f: f"the limit {f.key}")
    statement = factory.Faker("sentence")
    value = "14"
    value_number = factory.LazyAttribute(lambda f: Decimal(f.value))
    unit = "days"
    source_url = "https://docs.aws.amazon.com/example.html"
    as_of = datetime.date(2026, 11, 1)


class ComparisonTableFactory(ModelFactory[ComparisonTable]):
    class Meta:
        model = "studyguide.ComparisonTable"

    slug = factory.Sequence(lambda n: f"table-{n}")
    topic = factory.SubFactory(TopicFactory)
    title = factory.LazyAttribute(lambda t: f"Table {t.slug}")
    subject = "service"
    caption = factory.Faker("sentence")
    source_url = "https://docs.aws.amazon.com/example.html"
    as_of = datetime.date(2026, 11, 1)
    columns = factory.LazyFunction(lambda: [{"key": "model", "label": "Model", "question": ""}])
    rows = factory.LazyFunction(
        lambda: [
            {"label": "Amazon SQS", "cells": {"model": "Pull"}},
            {"label": "Amazon SNS", "cells": {"model": "Push"}},
        ]
    )


class StudiedLessonFactory(ModelFactory[StudiedLesson]):
    class Meta:
        model = "studyguide.StudiedLesson"

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)


# --- progress ----------------------------------------------------------------------------


def _reviewed_card(o: Any) -> "CardDict":
    from progress import scheduling

    card = scheduling.new_card(card_id=o.fact.pk, now=o.reviewed_at)
    card, _ = scheduling.review(card, correct=o.correct, at=o.reviewed_at)
    return card.to_dict()


class ReviewCardFactory(ModelFactory[ReviewCard]):
    """A card after one answer (right unless correct=False) at reviewed_at."""

    class Meta:
        model = "progress.ReviewCard"

    class Params:
        reviewed_at = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
        correct = True

    user = factory.SubFactory(UserFactory)
    fact = factory.SubFactory(FactFactory)
    card = factory.LazyAttribute(_reviewed_card)
    due = factory.LazyAttribute(lambda o: datetime.datetime.fromisoformat(o.card["due"]))


class ReviewLogFactory(ModelFactory[ReviewLog]):
    class Meta:
        model = "progress.ReviewLog"

    card = factory.SubFactory(ReviewCardFactory)
    user = factory.SelfAttribute("card.user")
    rating = 3
    reviewed_at = factory.LazyAttribute(
        lambda o: datetime.datetime.fromisoformat(o.card.card["last_review"])
    )
    source = "practice"
    log = factory.LazyAttribute(
        lambda o: {
            "card_id": o.card.card["card_id"],
            "rating": o.rating,
            "review_datetime": o.reviewed_at.isoformat(),
            "review_duration": None,
        }
    )


class ExamPlanFactory(ModelFactory[ExamPlan]):
    class Meta:
        model = "progress.ExamPlan"

    user = factory.SubFactory(UserFactory)
    exam_date = datetime.date(2026, 12, 20)
