import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from tests.factories import InstructorFactory, UserFactory

# Property tests judge results, never speed: no per-example deadline on a busy CI machine.
hypothesis_settings.register_profile("scaling-study", deadline=None)
hypothesis_settings.load_profile("scaling-study")


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


def pytest_configure(config):
    # Passwords are hashed on every sign-up and login the tests make; the default PBKDF2
    # work factor is for production and would dominate the suite's run time.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
