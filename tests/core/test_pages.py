import pytest
from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_the_site_layout(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<main" in html
    assert "<footer" in html
    assert "Learn to architect systems that scale on AWS" in html
    # htmx comes from our own static files, never a CDN.
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "https://unpkg.com" not in html
    assert "cdn." not in html


def test_body_carries_the_csrf_header_for_htmx(client):
    client.get("/")
    html = client.get("/").content.decode()
    assert 'hx-headers=\'{"x-csrftoken": "' in html


def test_responses_carry_a_nonce_based_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    # The only script tag (htmx) carries the nonce; there are no inline scripts.
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') == 1


def test_unknown_url_gives_the_404_page_in_the_layout(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "<nav" in html


def test_server_error_page_renders_without_a_request_context(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_navigation_lists_every_section_and_none_is_dead(client_logged_in):
    from core.navigation import MAIN_SECTIONS, main_navigation

    items = main_navigation("/")
    urls = [item["url"] for item in items]
    assert [item["label"] for item in items] == [section.label for section in MAIN_SECTIONS]
    html = client_logged_in.get("/").content.decode()
    for url in urls:
        assert f'href="{url}"' in html
        # No dead links: every listed section answers a signed-in learner.
        assert client_logged_in.get(url).status_code == 200


def test_instructor_page_is_403_for_a_learner(client_logged_in):
    response = client_logged_in.get(reverse("instructor_home"))
    assert response.status_code == 403
    assert "for instructors" in response.content.decode()


def test_instructor_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("instructor_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=/instructor/")


def test_instructor_page_opens_for_an_instructor(instructor_client):
    response = instructor_client.get(reverse("instructor_home"))
    assert response.status_code == 200
    assert "Instructor area" in response.content.decode()


def test_instructor_link_shows_only_for_instructors(user, instructor):
    from django.test import Client

    learner_client, instructor_client = Client(), Client()
    learner_client.force_login(user)
    instructor_client.force_login(instructor)
    assert 'href="/instructor/"' not in learner_client.get("/").content.decode()
    assert 'href="/instructor/"' in instructor_client.get("/").content.decode()


def test_admin_works_for_staff(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_home_page_lists_the_topics_in_study_order_with_links(client):
    from tests.factories import TopicFactory

    later = TopicFactory(slug="caching", title="Caching", order=2)
    first = TopicFactory(slug="dynamodb", title="DynamoDB", order=1)
    TopicFactory(slug="gone", title="Archived topic", order=3, archived=True)
    html = client.get("/").content.decode()
    assert html.index(first.title) < html.index(later.title)
    assert 'href="/topics/dynamodb/"' in html
    assert "Archived topic" not in html


def test_home_page_course_outline_follows_every_course_change(client, django_assert_num_queries):
    from tests.factories import TopicFactory

    topic = TopicFactory(slug="dynamodb", title="DynamoDB", order=1)
    assert "DynamoDB" in client.get("/").content.decode()
    with django_assert_num_queries(0):  # the outline is rendered once per content version
        client.get("/")
    topic.title = "Amazon DynamoDB at scale"
    topic.save()
    html = client.get("/").content.decode()
    assert "Amazon DynamoDB at scale" in html
    topic.archived = True
    topic.save()
    assert "Amazon DynamoDB at scale" not in client.get("/").content.decode()


def test_home_page_without_content_says_how_to_import_it(client):
    assert "import_content" in client.get("/").content.decode()


def test_signed_in_home_keeps_to_the_content_security_policy(client_logged_in):
    response = client_logged_in.get("/")
    html = response.content.decode()
    assert "Today's plan" in html
    assert 'id="readiness"' in html
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert html.count("<script") == html.count(f'nonce="{nonce}"') == 1
    assert " style=" not in html
