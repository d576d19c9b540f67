import pytest
from django.core.cache import cache

from tests.factories import InstructorFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # With REDIS_URL set the cache outlives a test; start each one empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def instructor(db):
    return InstructorFactory()


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def instructor_client(client, instructor):
    client.force_login(instructor)
    return client
