from typing import Any

import pytest
from django.urls import reverse

from studyguide.models import Lesson
from tests.factories import ComparisonTableFactory, FactFactory, LessonFactory, TopicFactory
from workspace.models import ChangeRecord

pytestmark = pytest.mark.django_db

LIST_URL = reverse("workspace:lesson_list")


def edit_url(lesson: Lesson) -> str:
    return reverse(
        "workspace:lesson_edit", kwargs={"topic": lesson.topic.slug, "slug": lesson.slug}
    )


def preview_url(lesson: Lesson) -> str:
    return reverse(
        "workspace:lesson_preview", kwargs={"topic": lesson.topic.slug, "slug": lesson.slug}
    )


def form_data(lesson: Lesson, **changes: Any) -> dict[str, Any]:
    return {"title": lesson.title, "summary": lesson.summary, "body": lesson.body, **changes}


@pytest.fixture
def lesson() -> Lesson:
    topic = TopicFactory(slug="messaging", title="Messaging")
    FactFactory(key="sqs.retention.max", topic=topic, value="14", unit="days")
    ComparisonTableFactory(slug="queues-vs-topics", topic=topic, title="Queues and topics")
    return LessonFactory(
        topic=topic,
        slug="sqs",
        title="Queues",
        summary="How SQS keeps messages.",
        body="## Retention\n\nSQS keeps a message for {{fact:sqs.retention.max}}.\n",
    )


# Access --------------------------------------------------------------------------------


def test_lesson_pages_are_for_instructors_only(client_logged_in, lesson) -> None:
    assert client_logged_in.get(LIST_URL).status_code == 403
    assert client_logged_in.get(edit_url(lesson)).status_code == 403
    response = client_logged_in.post(edit_url(lesson), form_data(lesson, title="Hacked"))
    assert response.status_code == 403
    assert client_logged_in.post(preview_url(lesson), form_data(lesson)).status_code == 403
    lesson.refresh_from_db()
    assert lesson.title == "Queues"


def test_lesson_pages_send_anonymous_visitors_to_sign_in(client, lesson) -> None:
    for url in (LIST_URL, edit_url(lesson)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_unknown_lesson_is_404(instructor_client, lesson) -> None:
    url = reverse("workspace:lesson_edit", kwargs={"topic": "messaging", "slug": "nope"})
    assert instructor_client.get(url).status_code == 404


def test_the_preview_takes_only_posts(instructor_client, lesson) -> None:
    assert instructor_client.get(preview_url(lesson)).status_code == 405


# List ----------------------------------------------------------------------------------


def test_list_links_each_lesson_and_filters_by_topic(instructor_client, lesson) -> None:
    other = LessonFactory(title="Shards and streams")
    html = instructor_client.get(LIST_URL).content.decode()
    assert edit_url(lesson) in html
    assert edit_url(other) in html
    html = instructor_client.get(LIST_URL, {"topic": "messaging"}).content.decode()
    assert edit_url(lesson) in html
    assert edit_url(other) not in html


def test_list_with_an_unknown_topic_is_400(instructor_client, lesson) -> None:
    response = instructor_client.get(LIST_URL, {"topic": "nope"})
    assert response.status_code == 400
    assert "There is no topic nope." in response.content.decode()


def test_list_makes_a_bounded_number_of_queries(
    instructor_client, instructor, django_assert_max_num_queries
) -> None:
    for _ in range(5):
        LessonFactory.create_batch(8, topic=TopicFactory(), edited_by=instructor)
    with django_assert_max_num_queries(8):
        response = instructor_client.get(LIST_URL)
    assert response.status_code == 200


# Edit ----------------------------------------------------------------------------------


def test_edit_page_previews_the_saved_body_with_the_fact_filled_in(
    instructor_client, lesson
) -> None:
    html = instructor_client.get(edit_url(lesson)).content.decode()
    preview = html[html.index('id="lesson-preview-content"') :]
    assert "<h2>Retention</h2>" in preview
    assert "14 days" in preview
    for name in ("title", "summary", "body"):
        assert f'for="id_{name}"' in html


def test_saving_a_lesson_changes_it_marks_the_edit_and_records_the_change(
    instructor_client, instructor, lesson
) -> None:
    body = lesson.body + "\nCompare them:\n\n{{table:queues-vs-topics}}\n"
    response = instructor_client.post(
        edit_url(lesson), form_data(lesson, title="Queues in SQS", body=body, action="save")
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Queues in SQS"
    assert lesson.body == body
    assert lesson.edited_by == instructor
    assert lesson.edited_at is not None
    record = ChangeRecord.objects.get(subject="lesson", key="messaging/sqs")
    assert record.user == instructor
    assert "title: Queues → Queues in SQS" in record.summary
    assert "body: 4 line(s) added, 0 removed" in record.summary
    html = instructor_client.get(edit_url(lesson)).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert instructor.get_username() in history
    assert "title: Queues → Queues in SQS" in history


def test_the_learners_lesson_page_shows_the_edit(instructor_client, client, lesson) -> None:
    instructor_client.get(lesson.get_absolute_url())  # cache the page before the edit
    instructor_client.post(edit_url(lesson), form_data(lesson, body="Brand new text."))
    assert "Brand new text." in instructor_client.get(lesson.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"body": "Kept for {{fact:sqs.retention.maxx}}."}, "body", "sqs.retention.maxx"),
        ({"body": "See {{table:no-such-table}}."}, "body", "no-such-table"),
        ({"body": "Look: ![A diagram](diagram:no-such-diagram)"}, "body", "no-such-diagram"),
        ({"body": "   "}, "body", "the lesson has no text"),
        ({"title": ""}, "title", "must not be empty"),
        ({"summary": "  "}, "summary", "must not be empty"),
    ],
)
def test_bad_input_is_refused_beside_its_field_with_400_and_nothing_saved(
    instructor_client, lesson, changes, field, message
) -> None:
    response = instructor_client.post(edit_url(lesson), form_data(lesson, **changes))
    html = response.content.decode()
    assert response.status_code == 400
    label = html.index(f'for="id_{field}"')
    assert label < html.index(message) < label + 1500
    saved = Lesson.objects.get(pk=lesson.pk)
    assert (saved.title, saved.summary, saved.body, saved.edited_at) == (
        lesson.title,
        lesson.summary,
        lesson.body,
        None,
    )
    assert not ChangeRecord.objects.exists()


def test_an_unknown_fact_names_its_line(instructor_client, lesson) -> None:
    body = "First line.\n\nKept for {{fact:sqs.retention.maxx}}."
    html = instructor_client.post(edit_url(lesson), form_data(lesson, body=body)).content.decode()
    assert "line 3:" in html


# Preview -------------------------------------------------------------------------------

HOSTILE = (
    "Hello <script>alert('x')</script> there.\n\n"
    '<img src="x.png" onerror="alert(1)">\n\n'
    "[link](javascript:alert(2))\n"
)


def test_the_htmx_preview_renders_sanitised_markdown_as_a_fragment(
    instructor_client, lesson
) -> None:
    response = instructor_client.post(
        preview_url(lesson), form_data(lesson, body=HOSTILE), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Hello" in html
    assert "<script" not in html
    assert "alert('x')" not in html
    assert "onerror" not in html
    assert 'href="javascript' not in html


def test_the_htmx_preview_swaps_body_errors_in_beside_the_field(instructor_client, lesson) -> None:
    response = instructor_client.post(
        preview_url(lesson),
        form_data(lesson, body="Kept for {{fact:sqs.nope}}."),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert '<div id="lesson-body-errors" hx-swap-oob="true">' in html
    assert "sqs.nope" in html[html.index("lesson-body-errors") : html.index("</ul>")]
    good = instructor_client.post(
        preview_url(lesson), form_data(lesson), headers={"HX-Request": "true"}
    ).content.decode()
    assert '<div id="lesson-body-errors" hx-swap-oob="true"></div>' in good


def test_the_preview_never_saves(instructor_client, lesson) -> None:
    instructor_client.post(preview_url(lesson), form_data(lesson, body="Changed."))
    instructor_client.post(edit_url(lesson), form_data(lesson, body="Changed.", action="preview"))
    lesson.refresh_from_db()
    assert lesson.body.startswith("## Retention")
    assert not ChangeRecord.objects.exists()


def test_the_preview_button_without_javascript_rerenders_the_page(
    instructor_client, lesson
) -> None:
    response = instructor_client.post(
        edit_url(lesson), form_data(lesson, body=HOSTILE + "\n**New** words.", action="preview")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    preview = html[html.index('id="lesson-preview-content"') :]
    assert "<strong>New</strong> words." in preview
    assert "<script>alert" not in preview
    assert "onerror" not in preview
    # the textarea keeps what was typed
    assert "**New** words." in html


def test_the_edit_form_posts_the_preview_with_htmx_and_keeps_a_preview_button(
    instructor_client, lesson
) -> None:
    html = instructor_client.get(edit_url(lesson)).content.decode()
    assert f'hx-post="{preview_url(lesson)}"' in html
    assert 'hx-trigger="input changed delay:600ms"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="preview"' in html


def test_edit_page_makes_a_bounded_number_of_queries(
    instructor_client, instructor, lesson, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        ChangeRecord.objects.create(
            subject="lesson", key="messaging/sqs", action="edited", user=instructor
        )
    with django_assert_max_num_queries(10):
        response = instructor_client.get(edit_url(lesson))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = instructor_client.post(
            preview_url(lesson), form_data(lesson), headers={"HX-Request": "true"}
        )
    assert response.status_code == 200


HOSTILE_VALUES = [
    "a\x00b",
    "x" * 100_000,
    "{{fact:}}",
    "{{",
    "}}{{table:",
    "![x](diagram:)",
    "💥" * 50,
]


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_hostile_values_in_any_field_never_break_the_editor(
    instructor_client, lesson, field
) -> None:
    for value in HOSTILE_VALUES:
        for url in (edit_url(lesson), preview_url(lesson)):
            before = Lesson.objects.get(pk=lesson.pk)
            response = instructor_client.post(url, form_data(before, **{field: value}))
            assert response.status_code in (200, 302, 400), (field, value[:20])
            if response.status_code != 302:
                after = Lesson.objects.get(pk=lesson.pk)
                assert (after.body, after.title, after.edited_at) == (
                    before.body,
                    before.title,
                    before.edited_at,
                )
