from datetime import UTC, datetime

import pytest
import time_machine

from studyguide.models import Fact
from tests.quizzes.attempt_pack import import_pack

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def pack(db):
    return import_pack()


@pytest.fixture
def facts(pack):
    return {f.key: f for f in Fact.objects.all()}


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller
