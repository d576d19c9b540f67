import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from calculators.registry import CALCULATORS, calculators_for_lesson, lesson_url
from tests.factories import LessonFactory

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_there_are_four_calculators_with_unique_slugs():
    assert len({info.slug for info in CALCULATORS}) == 4


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_each_calculator_has_a_url_and_a_lesson_file(info):
    assert reverse(info.url_name).startswith("/calculators/")
    lessons = list((CONTENT / info.topic / "lessons").glob(f"[0-9][0-9]-{info.lesson}.md"))
    assert lessons, f"no lesson file for {info.topic}/{info.lesson}"


def test_calculators_for_lesson_finds_the_lessons_calculators():
    assert [c.slug for c in calculators_for_lesson("dynamodb", "partitions")] == [
        "dynamodb-partitions"
    ]
    assert [c.slug for c in calculators_for_lesson("kinesis", "data-streams")] == ["kinesis-shards"]
    assert calculators_for_lesson("dynamodb", "key-design") == []


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_lesson_url_points_at_the_lesson_page(info):
    expected = reverse(
        "studyguide:lesson_detail", kwargs={"topic": info.topic, "lesson": info.lesson}
    )
    assert lesson_url(info) == expected


@override_settings(ROOT_URLCONF="tests.calculators.urls_without_studyguide")
@pytest.mark.django_db
def test_without_a_lesson_url_there_is_no_lesson_link():
    # The page itself is not rendered here: the site's navigation reverses every app's
    # URL, the study guide's included, since every app always exists.
    assert lesson_url(CALCULATORS[0]) is None


@pytest.mark.django_db
@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_the_lesson_links_back_to_its_calculator(client, info):
    LessonFactory(topic__slug=info.topic, slug=info.lesson)
    response = client.get(lesson_url(info))
    assert response.status_code == 200
    assert re.search(rf'href="{re.escape(reverse(info.url_name))}"', response.content.decode())
