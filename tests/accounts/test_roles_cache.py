"""The instructor check is cached, and every change to roles is seen at once."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import INSTRUCTORS_GROUP, ensure_instructor_group, is_instructor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_joining_and_leaving_the_group_is_seen_on_the_next_check(django_assert_num_queries):
    user = UserFactory()
    assert not is_instructor(user)
    with django_assert_num_queries(0):
        assert not is_instructor(user)
    user.groups.add(ensure_instructor_group())
    assert is_instructor(user)
    user.groups.clear()
    assert not is_instructor(user)


def test_adding_from_the_groups_side_and_renaming_the_group_are_seen():
    user = UserFactory()
    group = ensure_instructor_group()
    assert not is_instructor(user)
    group.user_set.add(user)
    assert is_instructor(user)
    group.name = "Former instructors"
    group.save()
    assert not is_instructor(user)
    Group.objects.filter(name="Former instructors").delete()
    assert not Group.objects.filter(name=INSTRUCTORS_GROUP).exists()
    assert not is_instructor(user)


def test_the_instructor_page_refuses_a_learner_removed_from_the_group(client):
    user = UserFactory()
    user.groups.add(ensure_instructor_group())
    client.force_login(user)
    assert client.get("/instructor/").status_code == 200
    user.groups.clear()
    assert client.get("/instructor/").status_code == 403
