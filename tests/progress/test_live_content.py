"""Progress counts only live facts: an archived fact, or any fact of an archived topic,
is out of the due count, the queue and the forecast alike."""

import datetime

import pytest

from progress import selectors
from tests.factories import FactFactory, ReviewCardFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


def test_forecast_leaves_out_facts_of_an_archived_topic():
    user = UserFactory()
    live = ReviewCardFactory(user=user, fact=FactFactory(topic=TopicFactory()))
    ReviewCardFactory(user=user, fact=FactFactory(topic=TopicFactory(archived=True)))
    ReviewCardFactory(user=user, fact=FactFactory(archived=True))
    assert sum(count for _, count in selectors.forecast(user=user, now=NOW)) == 1
    assert selectors.due_count(user=user, now=NOW) == 1
    assert list(selectors.cards_for(user=user)) == [live.fact.key]
