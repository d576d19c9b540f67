"""An exam's blueprint comes from content: each topic's exam_weight in topics.yaml."""

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from quizzes import services
from studyguide.selectors import content_pack_from_database
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import PACK, import_pack

pytestmark = pytest.mark.django_db


def weighted(kinesis: int, messaging: int):
    weights = {"kinesis": kinesis, "messaging": messaging}
    return replace(PACK, topics=tuple(replace(t, exam_weight=weights[t.slug]) for t in PACK.topics))


@pytest.mark.parametrize(("kinesis", "messaging"), [(3, 1), (1, 3)])
def test_exam_draws_topics_by_the_weights_in_the_content(kinesis, messaging):
    import_pack(weighted(kinesis, messaging))
    pack = content_pack_from_database()
    assert {t.slug: t.exam_weight for t in pack.topics} == {
        "kinesis": kinesis,
        "messaging": messaging,
    }
    attempt = services.attempt_start_exam(
        user=UserFactory(), pack=pack, length=10, seed=7, now=datetime(2026, 11, 26, tzinfo=UTC)
    )
    drawn = Counter(attempt.questions.values_list("topic", flat=True))
    heavier, lighter = ("kinesis", "messaging") if kinesis > messaging else ("messaging", "kinesis")
    assert drawn[heavier] > drawn[lighter] > 0
