import re
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.urls import reverse

from calculators.registry import (
    CALCULATORS,
    TEMPLATE_BLOCKS,
    calculator_by_slug,
    calculators_for_lesson,
    calculators_for_topic,
)
from tests.factories import LessonFactory

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_there_are_four_calculators_with_unique_slugs_paths_and_url_names():
    assert len({info.slug for info in CALCULATORS}) == 4
    assert len({info.path for info in CALCULATORS}) == 4
    assert len({info.url_name for info in CALCULATORS}) == 4


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_each_calculator_has_a_url_and_a_lesson_file(info):
    assert reverse(info.url_name) == f"/calculators/{info.path}"
    lessons = list((CONTENT / info.topic / "lessons").glob(f"[0-9][0-9]-{info.lesson}.md"))
    assert lessons, f"no lesson file for {info.topic}/{info.lesson}"


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_each_calculator_template_defines_every_block(info):
    assert set(info.blocks) == set(TEMPLATE_BLOCKS)
    for block in info.blocks.values():
        assert get_template(block)  # raises TemplateDoesNotExist for a missing partial


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_example_figures_are_valid_inputs_with_a_result(info):
    form = info.form_for(info.examples)
    assert form.is_valid(), form.errors
    assert form.result is not None
    assert info.chart(form.result).rows


def test_calculators_for_lesson_finds_the_lessons_calculators():
    assert [c.slug for c in calculators_for_lesson("dynamodb", "partitions")] == [
        "dynamodb-partitions"
    ]
    assert [c.slug for c in calculators_for_lesson("kinesis", "data-streams")] == ["kinesis-shards"]
    assert calculators_for_lesson("dynamodb", "key-design") == []


def test_calculators_for_topic_finds_every_calculator_of_the_topic():
    assert [c.slug for c in calculators_for_topic("dynamodb")] == [
        "dynamodb-partitions",
        "dynamodb-capacity",
    ]
    assert calculators_for_topic("messaging") == []


def test_calculator_by_slug_finds_the_entry():
    assert calculator_by_slug("kinesis-shards").title == "Kinesis Data Streams shards"


@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_lesson_url_points_at_the_lesson_page(info):
    expected = reverse(
        "studyguide:lesson_detail", kwargs={"topic": info.topic, "lesson": info.lesson}
    )
    assert info.lesson_url == expected


@pytest.mark.django_db
@pytest.mark.parametrize("info", CALCULATORS, ids=lambda info: info.slug)
def test_the_lesson_links_back_to_its_calculator(client, info):
    LessonFactory(topic__slug=info.topic, slug=info.lesson)
    response = client.get(info.lesson_url)
    assert response.status_code == 200
    assert re.search(rf'href="{re.escape(reverse(info.url_name))}"', response.content.decode())
