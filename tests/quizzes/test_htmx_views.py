"""Each htmx-aware quiz view: plain, as an htmx swap, and as an htmx history restore."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.generation.types import AnswerMode
from quizzes.models import Attempt, AttemptQuestion
from studyguide.selectors import content_pack_from_database
from tests.quizzes.attempt_pack import import_pack
from tests.quizzes.test_attempts import answer_data

pytestmark = pytest.mark.django_db
SWAP = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture
def exam(user) -> Attempt:
    import_pack()
    return services.attempt_start_exam(
        user=user, pack=content_pack_from_database(), length=10, seed=8
    )


def choice_item(attempt: Attempt) -> AttemptQuestion:
    return next(q for q in attempt.questions.all() if q.question.answer_mode != AnswerMode.NUMERIC)


def test_question_page_plain_swap_and_history_restore(client_logged_in, exam):
    url = reverse("quizzes:question", args=[exam.pk, 1])
    page = client_logged_in.get(url)
    fragment = client_logged_in.get(url, headers=SWAP)
    restored = client_logged_in.get(url, headers=RESTORE)
    for response in (page, fragment, restored):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
        assert 'id="attempt-body"' in response.content.decode()
    assert "<html" in page.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "<html" in restored.content.decode()


def test_answer_plain_redirects_swap_gets_the_fragment_restore_gets_no_fragment(
    client_logged_in, exam
):
    item = choice_item(exam)
    url = reverse("quizzes:answer", args=[exam.pk, item.position])
    data = answer_data(item, right=True)
    plain = client_logged_in.post(url, data)
    assert plain.status_code == 302
    fragment = client_logged_in.post(url, data, headers=SWAP)
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    # A history restore is never a swap: it is answered like a plain request.
    restored = client_logged_in.post(url, data, headers=RESTORE)
    assert restored.status_code == 302


def test_flag_plain_swap_and_history_restore(client_logged_in, exam):
    url = reverse("quizzes:flag", args=[exam.pk, 1])
    assert client_logged_in.post(url, {"flagged": "1"}).status_code == 302
    fragment = client_logged_in.post(url, {"flagged": "0"}, headers=SWAP)
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "Flag for review" in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    assert client_logged_in.post(url, {"flagged": "1"}, headers=RESTORE).status_code == 302
    assert exam.questions.get(position=1).flagged


@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
def test_an_answer_after_submission_is_409_with_a_link_to_the_result(
    client_logged_in, exam, headers
):
    services.attempt_submit(attempt=exam)
    item = choice_item(exam)
    response = client_logged_in.post(
        reverse("quizzes:answer", args=[exam.pk, item.position]),
        answer_data(item, right=True),
        headers=headers,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This attempt is submitted; answers can no longer change." in html
    assert f'href="{reverse("quizzes:result", args=[exam.pk])}">See your result</a>' in html
    assert ("<html" in html) == (not headers)
    item.refresh_from_db()
    assert not item.is_answered


def test_a_flag_after_submission_is_409(client_logged_in, exam):
    services.attempt_submit(attempt=exam)
    response = client_logged_in.post(
        reverse("quizzes:flag", args=[exam.pk, 1]), {"flagged": "1"}, headers=SWAP
    )
    assert response.status_code == 409
    assert "flags can no longer change" in response.content.decode()
    assert not exam.questions.get(position=1).flagged


def test_a_flag_for_a_question_not_in_the_attempt_is_404(client_logged_in, exam):
    response = client_logged_in.post(reverse("quizzes:flag", args=[exam.pk, 99]), {"flagged": "1"})
    assert response.status_code == 404
