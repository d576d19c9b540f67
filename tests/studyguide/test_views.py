import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from studyguide.models import Lesson, StudiedLesson
from tests.factories import (
    ComparisonTableFactory,
    FactFactory,
    LessonFactory,
    StudiedLessonFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def lesson_url(topic: str, lesson: str, name: str = "lesson_detail") -> str:
    return reverse(f"studyguide:{name}", kwargs={"topic": topic, "lesson": lesson})


# --- lesson list -------------------------------------------------------------------------


def test_lesson_list_shows_topics_in_order_with_their_lessons(client, imported):
    page = client.get(reverse("studyguide:lesson_list")).content.decode()
    assert page.index("Queues and streams") < page.index("Scaling out")
    assert page.index(">SQS basics<") < page.index(">Kinesis streams<") < page.index(">Scale out<")
    assert "What a queue is and how long it keeps messages." in page
    assert "Sign in to track what you have studied" in page
    assert "studied</p>" not in page


def test_lesson_list_marks_what_this_learner_studied(client_logged_in, user, imported):
    StudiedLessonFactory(user=user, lesson=Lesson.objects.get(slug="sqs-basics"))
    StudiedLessonFactory(user=UserFactory(), lesson=Lesson.objects.get(slug="kinesis-streams"))
    page = client_logged_in.get(reverse("studyguide:lesson_list")).content.decode()
    assert page.count("Studied ✓") == 1
    assert page.index(">SQS basics<") < page.index("Studied ✓") < page.index(">Kinesis streams<")
    assert "1 of 2 studied" in page
    assert "0 of 1 studied" in page


def test_archived_lessons_are_hidden(client, imported):
    Lesson.objects.filter(slug="kinesis-streams").update(archived=True)
    page = client.get(reverse("studyguide:lesson_list")).content.decode()
    assert ">Kinesis streams<" not in page
    assert ">SQS basics<" in page
    assert client.get(lesson_url("queues", "kinesis-streams")).status_code == 404


# --- lesson page -------------------------------------------------------------------------


def test_lesson_page_renders_facts_table_diagram_and_footnotes(client, imported):
    response = client.get(lesson_url("queues", "sqs-basics"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>SQS basics</h1>" in page
    assert "14 days" in page
    assert '<li id="fact-note-1">' in page
    assert '<li id="fact-note-2">' in page
    assert "https://docs.aws.amazon.com/AWSSimpleQueueService/" in page
    assert "<caption" in page
    assert '<th scope="row">Amazon SNS</th>' in page
    assert 'src="/static/diagrams/queue-flow.svg"' in page
    assert "Older guides say push, 2 retries (2019)." in page
    assert "css/studyguide.css" in page


def test_lesson_sources_link_to_the_fact_base_by_name_not_internal_key(client, imported):
    page = client.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert "#fact-sqs.retention.max" in page
    assert '<span class="visually-hidden">: sqs.retention.max</span>' not in page
    assert re.search(r'In the fact base<span class="visually-hidden">: [^<.]+ [^<.]+</span>', page)


def test_lesson_page_links_previous_and_next_across_topics(client, imported):
    page = client.get(lesson_url("queues", "kinesis-streams")).content.decode()
    assert f'rel="prev" href="{lesson_url("queues", "sqs-basics")}"' in page
    assert f'rel="next" href="{lesson_url("scaling", "scale-out")}"' in page
    first = client.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert 'rel="prev"' not in first
    last = client.get(lesson_url("scaling", "scale-out")).content.decode()
    assert 'rel="next"' not in last


def test_anonymous_learner_is_invited_to_sign_in_with_next(client, imported):
    page = client.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert "Mark as studied" not in page
    assert f'href="{reverse("login")}?next=/lessons/queues/sqs-basics/"' in page


def test_practise_link_goes_to_the_topic_quiz(client, imported):
    page = client.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert f'<a href="{reverse("quizzes:practice")}?topic=queues">Practise this topic</a>' in page


def test_calculators_for_the_lesson_are_linked(client, imported, monkeypatch):
    from dataclasses import replace

    from calculators.registry import calculator_by_slug

    calculator = replace(
        calculator_by_slug("kinesis-shards"),
        slug="shards",
        title="Shard calculator",
        url_name="studyguide:fact_list",
        summary="How many shards.",
        topic="queues",
        lesson="kinesis-streams",
    )
    monkeypatch.setattr(
        "studyguide.views.calculators_for_lesson",
        lambda topic, lesson: (
            [calculator] if (topic, lesson) == ("queues", "kinesis-streams") else []
        ),
    )
    page = client.get(lesson_url("queues", "kinesis-streams")).content.decode()
    assert f'<a href="{reverse("studyguide:fact_list")}">Shard calculator</a>' in page
    assert "Shard calculator" not in client.get(lesson_url("queues", "sqs-basics")).content.decode()


@pytest.mark.parametrize(
    ("topic", "lesson"), [("queues", "nope"), ("nope", "sqs-basics"), ("scaling", "sqs-basics")]
)
def test_unknown_lesson_is_404(client, imported, topic, lesson):
    assert client.get(lesson_url(topic, lesson)).status_code == 404


def test_topic_page_lists_lessons_and_tables(client, imported):
    response = client.get(reverse("studyguide:topic_detail", kwargs={"topic": "queues"}))
    page = response.content.decode()
    assert "<h1>Queues and streams</h1>" in page
    assert "SQS basics" in page
    assert '<th scope="row">Amazon SQS</th>' in page
    assert (
        client.get(reverse("studyguide:topic_detail", kwargs={"topic": "nope"})).status_code == 404
    )


# --- studied marks -----------------------------------------------------------------------


def test_plain_post_marks_and_unmarks_then_redirects_back(client_logged_in, user, imported):
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    response = client_logged_in.post(url, {"studied": "yes"})
    assert response.status_code == 302
    assert response["Location"] == lesson_url("queues", "sqs-basics")
    assert StudiedLesson.objects.filter(user=user, lesson__slug="sqs-basics").exists()
    page = client_logged_in.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert "Studied ✓ — unmark" in page

    client_logged_in.post(url, {"studied": "yes"})
    assert StudiedLesson.objects.filter(user=user).count() == 1

    client_logged_in.post(url, {"studied": "no"})
    assert not StudiedLesson.objects.filter(user=user).exists()
    assert (
        "Mark as studied"
        in client_logged_in.get(lesson_url("queues", "sqs-basics")).content.decode()
    )


def test_htmx_post_returns_only_the_button_partial(client_logged_in, user, imported):
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    response = client_logged_in.post(url, {"studied": "yes"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Studied ✓ — unmark" in body
    assert f'hx-post="{url}"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert StudiedLesson.objects.filter(user=user).count() == 1

    body = client_logged_in.post(url, {"studied": "no"}, headers=HTMX).content.decode()
    assert "Mark as studied" in body


def test_mark_response_varies_on_hx_request(client_logged_in, imported):
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    plain = client_logged_in.post(url, {"studied": "yes"})
    swap = client_logged_in.post(url, {"studied": "yes"}, headers=HTMX)
    assert plain.status_code == 302
    assert plain["Location"] == lesson_url("queues", "sqs-basics")
    assert swap.status_code == 200
    assert "HX-Request" in plain["Vary"]
    assert "HX-Request" in swap["Vary"]


def test_marks_are_per_user(client, imported):
    learner, other = UserFactory(), UserFactory()
    client.force_login(learner)
    client.post(lesson_url("queues", "sqs-basics", "lesson_studied"), {"studied": "yes"})
    client.force_login(other)
    page = client.get(lesson_url("queues", "sqs-basics")).content.decode()
    assert "Mark as studied" in page
    assert list(StudiedLesson.objects.values_list("user_id", flat=True)) == [learner.id]


def test_anonymous_post_is_sent_to_sign_in(client, imported):
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    response = client.post(url, {"studied": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not StudiedLesson.objects.exists()


def test_get_on_the_mark_url_is_not_allowed(client_logged_in, imported):
    response = client_logged_in.get(lesson_url("queues", "sqs-basics", "lesson_studied"))
    assert response.status_code == 405


def test_bad_studied_value_is_400_and_changes_nothing(client_logged_in, imported):
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    assert client_logged_in.post(url, {"studied": "maybe"}).status_code == 400
    assert not StudiedLesson.objects.exists()


def test_marking_an_unknown_lesson_is_404(client_logged_in, imported):
    url = lesson_url("queues", "nope", "lesson_studied")
    assert client_logged_in.post(url, {"studied": "yes"}).status_code == 404


def test_mark_requires_a_csrf_token(user, imported):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = lesson_url("queues", "sqs-basics", "lesson_studied")
    assert client.post(url, {"studied": "yes"}).status_code == 403
    assert not StudiedLesson.objects.exists()
    client.get(lesson_url("queues", "sqs-basics"))
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"studied": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert StudiedLesson.objects.count() == 1


# --- fact base ---------------------------------------------------------------------------


def test_fact_list_shows_every_fact_grouped_by_topic(client, imported):
    page = client.get(reverse("studyguide:fact_list")).content.decode()
    assert "4 facts" in page
    for key in ("sqs.retention.max", "kinesis.retention.max", "sns.delivery.model"):
        assert f'id="fact-{key}"' in page
    assert "365 days" in page
    assert "Older guides say 7 days (2019)" in page
    assert "Not yet verified" in page
    assert '<time datetime="2026-11-01">1 November 2026</time>' in page
    assert 'hx-get="/facts/"' in page
    assert 'action="/facts/"' in page


def test_fact_list_folds_each_topic_until_a_filter_asks_for_it(client, imported):
    FactFactory(key="scaling.max", topic=TopicFactory(slug="other"), statement="Other thing")
    url = reverse("studyguide:fact_list")
    folded = client.get(url).content.decode()
    assert '<details class="fact-topic" id="facts-queues">' in folded
    assert '<details class="fact-topic" id="facts-other">' in folded
    assert "open>" not in folded
    for query in ({"q": "days"}, {"topic": "queues"}):
        page = client.get(url, query).content.decode()
        assert '<details class="fact-topic" id="facts-queues" open>' in page
        fragment = client.get(url, query, headers=HTMX).content.decode()
        assert '<details class="fact-topic" id="facts-queues" open>' in fragment


def test_fact_list_keeps_keys_as_anchors_but_shows_them_only_to_instructors(
    client, user, instructor, imported
):
    url = reverse("studyguide:fact_list")
    for viewer in (None, user):
        if viewer:
            client.force_login(viewer)
        page = client.get(url).content.decode()
        assert 'id="fact-kinesis.retention.max"' in page
        assert "<code>kinesis.retention.max</code>" not in page
        assert "<dt>Key</dt>" not in page
    client.force_login(instructor)
    page = client.get(url).content.decode()
    assert "<dt>Key</dt><dd><code>kinesis.retention.max</code></dd>" in page


def test_fact_list_filters_by_topic_and_text(client, imported):
    FactFactory(key="scaling.max", topic=TopicFactory(slug="other"), statement="Other thing")
    page = client.get(reverse("studyguide:fact_list"), {"topic": "queues", "q": "kinesis"})
    body = page.content.decode()
    assert "2 facts" in body
    assert "fact-kinesis.retention.max" in body
    assert "fact-sqs.retention.max" not in body
    assert "scaling.max" not in body
    assert '<option value="queues" selected>' in body


def test_fact_list_text_search_matches_all_words(client, imported):
    body = client.get(reverse("studyguide:fact_list"), {"q": "SQS days"}).content.decode()
    assert "1 fact<" in body
    assert "fact-sqs.retention.max" in body


def test_fact_list_htmx_returns_the_results_fragment(client, imported):
    response = client.get(reverse("studyguide:fact_list"), {"q": "subscriber"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "<form" not in body
    assert "1 fact<" in body
    assert "fact-sns.delivery.model" in body


def test_fact_list_answers_plain_htmx_and_history_restore_requests_apart(client, imported):
    url = reverse("studyguide:fact_list")
    plain = client.get(url, {"q": "subscriber"})
    swap = client.get(url, {"q": "subscriber"}, headers=HTMX)
    restore = client.get(
        url, {"q": "subscriber"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in plain.content.decode()
    assert "<html" not in swap.content.decode()
    # htmx re-fetches a page it has no snapshot of: it needs the whole page, not a fragment
    assert "<html" in restore.content.decode()
    assert "1 fact<" in restore.content.decode()
    for response in (plain, swap, restore):
        assert "HX-Request" in response["Vary"]


def test_fact_list_unknown_topic_is_400_with_a_message(client, imported):
    response = client.get(reverse("studyguide:fact_list"), {"topic": "nope"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is no topic nope." in body
    assert 'aria-invalid="true"' in body


def test_fact_list_overlong_search_is_400(client, imported):
    response = client.get(reverse("studyguide:fact_list"), {"q": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()


def test_fact_json_lists_facts_with_numbers_as_numbers(client, imported):
    response = client.get(reverse("studyguide:fact_json"))
    assert response.status_code == 200
    data = {item["key"]: item for item in response.json()}
    assert data["kinesis.retention.max"] == {
        "key": "kinesis.retention.max",
        "statement": "A Kinesis data stream can keep records for up to 365 days.",
        "value": 365,
        "unit": "days",
        "source_url": "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html",
        "as_of": "2026-11-01",
        "legacy": {"value": 7, "year": 2019},
        "verified": True,
        "topic": "queues",
    }
    assert data["kinesis.shard.write_mb"]["value"] == 1.5
    assert data["kinesis.shard.write_mb"]["verified"] is False
    assert data["sns.delivery.model"]["value"] == "publish/subscribe"
    assert data["sqs.retention.max"]["legacy"] is None


def test_fact_json_filters_like_the_page(client, imported):
    FactFactory(key="other.fact", topic=TopicFactory(slug="other"))
    keys = [
        f["key"] for f in client.get(reverse("studyguide:fact_json"), {"topic": "other"}).json()
    ]
    assert keys == ["other.fact"]
    keys = [f["key"] for f in client.get(reverse("studyguide:fact_json"), {"q": "stream"}).json()]
    assert keys == ["kinesis.retention.max"]


def test_fact_json_unknown_topic_is_400_with_an_error(client, imported):
    response = client.get(reverse("studyguide:fact_json"), {"topic": "nope"})
    assert response.status_code == 400
    assert response.json() == {"error": "There is no topic nope."}


def test_archived_facts_are_hidden(client, imported):
    from studyguide.models import Fact

    Fact.objects.filter(key="sqs.retention.max").update(archived=True)
    assert "sqs.retention.max" not in client.get(reverse("studyguide:fact_list")).content.decode()
    assert "sqs.retention.max" not in {
        f["key"] for f in client.get(reverse("studyguide:fact_json")).json()
    }


# --- query bounds ------------------------------------------------------------------------


@pytest.fixture
def big_course(db):
    """Ten times the fixture pack: 10 topics x 10 lessons, 300 facts, 20 tables."""
    topics = [TopicFactory(order=i) for i in range(10)]
    facts = []
    for topic in topics:
        facts += [FactFactory(topic=topic, value_number=Decimal(14)) for _ in range(30)]
        ComparisonTableFactory(topic=topic)
        ComparisonTableFactory(topic=topic)
    tables = list(topics[0].comparisontables.all())
    body = "\n\n".join(f"Quote {{{{fact:{f.key}}}}}." for f in facts[:60])
    body += "".join(f"\n\n{{{{table:{t.slug}}}}}\n" for t in tables)
    lessons = [LessonFactory(topic=topic, order=i) for topic in topics for i in range(10)]
    lesson = lessons[5]
    lesson.body = body
    lesson.save()
    return lesson


def test_pages_make_a_bounded_number_of_queries(
    client, user, big_course, django_assert_max_num_queries
):
    client.force_login(user)
    for other in Lesson.objects.all()[:40]:
        StudiedLessonFactory(user=user, lesson=other)
    lesson = big_course
    urls = [
        reverse("studyguide:lesson_list"),
        lesson_url(lesson.topic.slug, lesson.slug),
        reverse("studyguide:topic_detail", kwargs={"topic": lesson.topic.slug}),
        reverse("studyguide:fact_list"),
        reverse("studyguide:fact_list") + f"?topic={lesson.topic.slug}&q=limit",
        reverse("studyguide:fact_json"),
    ]
    # Session, user and the shared layout (nav badges) take a few; an N+1 over 100 lessons,
    # 300 facts or 60 quoted facts would take dozens.
    for url in urls:
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(lesson_url(lesson.topic.slug, lesson.slug)).content.decode()
    assert page.count('class="fact-value"') == 60
    assert page.count("<caption") == 2
    with django_assert_max_num_queries(12):
        client.post(
            lesson_url(lesson.topic.slug, lesson.slug, "lesson_studied"),
            {"studied": "yes"},
            headers=HTMX,
        )


def test_pages_with_comparison_tables_load_the_scroll_hint_script_under_the_csp(client, imported):
    for url in (
        lesson_url("queues", "sqs-basics"),
        reverse("studyguide:topic_detail", kwargs={"topic": "queues"}),
    ):
        response = client.get(url)
        nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        page = response.content.decode()
        assert 'class="scroll-hint" hidden>' in page
        script = f'<script src="/static/js/scroll-hints.js" nonce="{nonce}" defer></script>'
        assert script in page
        assert page.count("<script") == page.count(f'nonce="{nonce}"')
