"""Course-derived values are cached under a content version that every change renews."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, RequestFactory

from progress.selectors import fact_base
from quizzes.generation import generate_questions
from quizzes.pools import pool_source
from studyguide.caching import VERSION_KEY, content_cached, content_version
from studyguide.models import AuthoredQuestion, Fact, Lesson, StudiedLesson
from studyguide.selectors import content_pack_from_database
from tests.factories import InstructorFactory

pytestmark = pytest.mark.django_db

LESSON = "/lessons/queues/sqs-basics/"
FACTS = "/facts/"


def rewrite(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))


def test_lesson_page_shows_a_model_save_on_the_next_request(client, imported):
    assert "14 days<sup" in client.get(LESSON).content.decode()
    fact = Fact.objects.get(key="sqs.retention.max")
    fact.value, fact.value_number = "15", 15
    fact.save()
    assert "15 days<sup" in client.get(LESSON).content.decode()
    lesson = Lesson.objects.get(slug="sqs-basics")
    lesson.body = lesson.body.replace("A queue keeps", "A queue holds")
    lesson.save()
    assert "A queue holds each message" in client.get(LESSON).content.decode()


def test_facts_page_shows_an_import_on_the_next_request(client, imported, pack_dir, diagrams_dir):
    assert "<dd>14 days</dd>" in client.get(FACTS).content.decode()
    rewrite(pack_dir / "queues" / "facts.yaml", "  value: 14\n", "  value: 12\n")
    call_command("import_content", str(pack_dir), stdout=StringIO())
    page = client.get(FACTS).content.decode()
    assert "<dd>12 days</dd>" in page
    assert "<dd>14 days</dd>" not in page


def test_lesson_page_shows_an_import_on_the_next_request(client, imported, pack_dir, diagrams_dir):
    client.get(LESSON)
    rewrite(pack_dir / "queues" / "lessons" / "01-sqs-basics.md", "A queue keeps", "Queues keep")
    call_command("import_content", str(pack_dir), stdout=StringIO())
    assert "Queues keep each message" in client.get(LESSON).content.decode()


def test_an_admin_save_renews_the_cached_fact_base(imported):
    assert fact_base()["sqs.retention.max"].value == 14
    fact = Fact.objects.get(key="sqs.retention.max")
    request = RequestFactory().post("/admin/")
    request.user = InstructorFactory(is_superuser=True)
    fact.statement = "An SQS queue keeps a message for 14 days at most."
    admin_site.get_model_admin(Fact).save_model(request, fact, form=None, change=True)
    assert fact_base()["sqs.retention.max"].statement.endswith("14 days at most.")


def test_archiving_a_fact_drops_it_from_the_cached_fact_base(imported):
    assert "sqs.retention.max" in fact_base()
    Fact.objects.get(key="sqs.retention.max").delete()
    assert "sqs.retention.max" not in fact_base()


def test_a_lost_version_starts_a_new_one_and_old_values_are_not_read(imported):
    assert content_cached("answer", lambda: 1) == 1
    caches["versions"].delete(VERSION_KEY)
    assert content_cached("answer", lambda: 2) == 2


def test_every_change_makes_a_new_version(imported):
    seen = {content_version()}
    fact = Fact.objects.get(key="sqs.retention.max")
    fact.save()
    seen.add(content_version())
    fact.delete()
    seen.add(content_version())
    assert len(seen) == 3


def test_cached_fragments_leave_each_page_its_own_token_and_nonce(client, imported):
    first, second = client.get(LESSON), client.get(LESSON)
    assert first.content.decode().count("14 days<sup") == 2

    def secrets(response) -> tuple[str, str]:
        html = response.content.decode()
        token = re.search(r'"x-csrftoken": "([^"]+)"', html)
        nonce = re.search(r'nonce="([^"]+)"', html)
        assert token
        assert nonce
        return token[1], nonce[1]

    assert secrets(first)[0] != secrets(second)[0]
    assert secrets(first)[1] != secrets(second)[1]


def test_cached_lesson_and_facts_pages_make_a_fixed_number_of_queries(
    client, imported, django_assert_max_num_queries
):
    for url in (LESSON, FACTS, "/lessons/", "/"):
        client.get(url)
    for url in (LESSON, FACTS, "/lessons/", "/"):
        with django_assert_max_num_queries(0):
            assert client.get(url).status_code == 200


def test_an_unknown_lesson_is_a_404_and_is_not_cached(client, imported):
    assert client.get("/lessons/queues/no-such-lesson/").status_code == 404
    Lesson.objects.filter(slug="sqs-basics").update(slug="no-such-lesson")  # no signal
    assert client.get("/lessons/queues/no-such-lesson/").status_code == 200


def test_cached_question_pools_give_the_same_questions_as_fresh_generation(imported):
    pack = content_pack_from_database()
    assert pack.version == content_version()
    source = pool_source(pack)
    for seed in (1, 2):
        fresh = generate_questions(pack, count=10, seed=seed)
        assert generate_questions(pack, count=10, seed=seed, source=source) == fresh
        assert generate_questions(pack, count=10, seed=seed, source=source) == fresh


def test_a_pack_built_by_hand_is_never_cached(basic_pack):
    assert basic_pack.version == ""
    assert pool_source(basic_pack) is None


def test_question_pools_follow_a_content_change(imported):
    before = content_pack_from_database()
    # A quiz asks a fact once, so the item is in some draws and not others: take a seed
    # whose quiz holds it.
    seed = next(
        seed
        for seed in range(1, 60)
        if "authored:sqs-retention-1"
        in {
            q.uid
            for q in generate_questions(before, count=50, seed=seed, source=pool_source(before))
        }
    )
    AuthoredQuestion.objects.get(key="sqs-retention-1").delete()
    after = content_pack_from_database()
    assert after.version != before.version
    new = generate_questions(after, count=50, seed=seed, source=pool_source(after))
    assert new == generate_questions(after, count=50, seed=seed)
    assert "authored:sqs-retention-1" not in {q.uid for q in new}


def test_lesson_list_follows_each_learners_studied_marks(client_logged_in, user, imported):
    assert "Studied ✓" not in client_logged_in.get("/lessons/").content.decode()
    StudiedLesson.objects.create(user=user, lesson=Lesson.objects.get(slug="sqs-basics"))
    assert client_logged_in.get("/lessons/").content.decode().count("Studied ✓") == 1
    assert "Studied ✓" not in Client().get("/lessons/").content.decode()


def test_the_version_is_shared_by_every_process_on_the_host(imported, settings):
    # Values may live in a per-process cache; the version they are keyed by may not.
    assert settings.CACHES["versions"]["BACKEND"].endswith(("FileBasedCache", "RedisCache"))
    before = content_version()
    caches["versions"].set(VERSION_KEY, "set-by-another-worker", timeout=None)
    assert content_version() == "set-by-another-worker" != before
