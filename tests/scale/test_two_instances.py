"""Scale-out, proven: two gunicorn instances behind an imaginary load balancer behave as one
site, and losing one of them mid-exam loses no acknowledged answer."""

import re
import threading
from typing import Any

import pytest

from progress.models import ReviewLog
from quizzes.models import Attempt
from tests.quizzes.attempt_pack import import_pack
from tests.scale.conftest import Browser, answer_for

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-and-unusual-passphrase"
EXAM_LENGTH = 10


def sign_up(browser: Browser, base: str, username: str) -> None:
    browser.get(f"{base}/accounts/signup/")
    response = browser.post(
        f"{base}/accounts/signup/",
        {"username": username, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status == 302, response.body[:500]


def start_exam(browser: Browser, base: str) -> int:
    browser.get(f"{base}/quizzes/exam/")
    response = browser.post(f"{base}/quizzes/exam/", {"length": str(EXAM_LENGTH)})
    assert response.status == 302, response.body[:500]
    match = re.search(r"/quizzes/attempts/(\d+)/q/1/$", response.location)
    assert match, response.location
    return int(match.group(1))


def test_a_session_started_on_one_instance_is_signed_in_on_the_other(two_instances):
    first, second = two_instances
    browser = Browser()
    sign_up(browser, first.url, "roaming")
    assert "Signed in as roaming" in browser.get(f"{second.url}/").body
    # Signing out on the second ends the session on the first too.
    assert browser.post(f"{second.url}/accounts/logout/", {}).status == 302
    assert "Signed in as roaming" not in browser.get(f"{first.url}/").body


def test_losing_an_instance_mid_exam_loses_no_acknowledged_answer(two_instances):
    import_pack()
    first, second = two_instances
    browser = Browser()
    sign_up(browser, first.url, "examinee")
    attempt_id = start_exam(browser, second.url)
    question_url = f"/quizzes/attempts/{attempt_id}/q/{{}}/"
    acknowledged: dict[int, dict[str, Any]] = {}
    alive = [first, second]
    # The small pack fills as many questions as it can without asking a fact twice.
    count = Attempt.objects.get(pk=attempt_id).question_count
    assert count >= 5
    killed_at = count // 2

    for position in range(1, count + 1):  # one pass; every request has a timeout
        instance = alive[position % len(alive)]  # alternate while both are up
        page = browser.get(instance.url + question_url.format(position))
        assert page.status == 200, page.body[:500]
        answer = answer_for(page.body)
        url = instance.url + question_url.format(position) + "answer/"
        if position == killed_at:
            # The instance dies while this answer is in flight: it may or may not have been
            # saved, and it was not acknowledged. The learner sends it again, to the survivor.
            outcome: list[Any] = []
            sender = threading.Thread(target=_post, args=(outcome, browser, url, answer))
            sender.start()
            instance.kill()
            sender.join(timeout=30)
            alive = [i for i in alive if i is not instance]
            if outcome and outcome[0] is not None and outcome[0].status == 302:
                acknowledged[position] = answer
            instance = alive[0]
            url = instance.url + question_url.format(position) + "answer/"
        response = browser.post(url, answer)
        assert response.status == 302, response.body[:500]
        acknowledged[position] = answer

    survivor = alive[0]
    assert len(alive) == 1
    assert survivor.process.poll() is None
    first_submit = browser.post(f"{survivor.url}/quizzes/attempts/{attempt_id}/submit/", {})
    assert first_submit.status == 302
    attempt = Attempt.objects.get(pk=attempt_id)
    reviews_after_first = ReviewLog.objects.count()

    # A second submit (a double click, a retry through the balancer) changes nothing.
    again = browser.post(f"{survivor.url}/quizzes/attempts/{attempt_id}/submit/", {})
    assert again.status == 302
    resubmitted = Attempt.objects.get(pk=attempt_id)
    assert resubmitted.submitted_at == attempt.submitted_at is not None
    assert (resubmitted.score, resubmitted.correct_count) == (attempt.score, attempt.correct_count)
    assert ReviewLog.objects.count() == reviews_after_first

    stored = {q.position: q for q in attempt.questions.all()}
    assert set(acknowledged) == set(range(1, count + 1))
    for position, answer in acknowledged.items():
        item = stored[position]
        assert item.answered_at is not None
        assert item.answered_at <= attempt.submitted_at
        if "number" in answer:
            assert item.number == 7
        else:
            sent = answer["choice"]
            assert item.selected == sorted(
                int(c) for c in ([sent] if isinstance(sent, str) else sent)
            )
    assert attempt.correct_count == sum(1 for item in stored.values() if item.is_correct)

    result = browser.get(f"{survivor.url}/quizzes/attempts/{attempt_id}/result/")
    assert result.status == 200


def _post(outcome: list[Any], browser: Browser, url: str, answer: dict[str, Any]) -> None:
    try:
        outcome.append(browser.post(url, answer))
    except OSError:  # the connection died with the instance
        outcome.append(None)
