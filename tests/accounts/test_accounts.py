import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import INSTRUCTORS_GROUP, is_instructor
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def signup_data(username="ada", password=GOOD_PASSWORD, confirm=None):
    return {"username": username, "password1": password, "password2": confirm or password}


def test_signup_creates_a_learner_signs_in_and_returns_to_next(client):
    response = client.post(reverse("signup") + "?next=/accounts/password_change/", signup_data())
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/"
    user = User.objects.get(username="ada")
    assert not is_instructor(user)
    assert client.get("/").context["user"] == user


def test_signup_ignores_an_offsite_next(client):
    response = client.post(reverse("signup") + "?next=https://evil.example/", signup_data())
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (signup_data(password="short"), "This password is too short"),
        (signup_data(password="password123"), "This password is too common"),
        (signup_data(password="83749201938475"), "This password is entirely numeric"),
        (signup_data(confirm="something-else-entirely"), "The two password fields didn"),
        (signup_data(username=""), "This field is required"),
        (signup_data(username="bad name!"), "Enter a valid username"),
    ],
)
def test_signup_errors_show_on_the_form_and_create_nothing(client, data, message):
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_taken_username_shows_an_error(client, user):
    response = client.post(reverse("signup"), signup_data(username=user.username))
    assert response.status_code == 400
    assert "A user with that username already exists" in response.content.decode()


def test_sign_in_returns_to_the_page_the_learner_came_from(client, user):
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": DEFAULT_PASSWORD, "next": "/instructor/"},
    )
    assert response.status_code == 302
    assert response.url == "/instructor/"


def test_wrong_password_shows_an_error_on_the_form(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_sign_out_is_a_post_with_csrf(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 403
    assert client.get("/").context["user"] == user
    assert client.get(reverse("logout")).status_code == 405


def test_sign_out_signs_out(client_logged_in):
    response = client_logged_in.post(reverse("logout"))
    assert response.status_code == 302
    assert not client_logged_in.get("/").context["user"].is_authenticated


def test_password_change_needs_the_old_password(client_logged_in, user):
    url = reverse("password_change")
    bad = client_logged_in.post(
        url,
        {"old_password": "wrong", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert bad.status_code == 200
    assert "Your old password was entered incorrectly" in bad.content.decode()
    good = client_logged_in.post(
        url,
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_instructors_group_may_author_content_but_not_edit_learner_records():
    group = Group.objects.get(name=INSTRUCTORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("topic", "lesson", "fact", "comparisontable", "authoredquestion"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames
    assert not {"change_attempt", "delete_attempt", "change_studiedlesson"} & codenames


def test_createinstructor_creates_a_staff_instructor(capsys):
    call_command("createinstructor", "grace", "--password", GOOD_PASSWORD)
    user = User.objects.get(username="grace")
    assert user.is_staff
    assert is_instructor(user)
    assert user.check_password(GOOD_PASSWORD)
    assert "Created instructor grace" in capsys.readouterr().out


def test_createinstructor_promotes_an_existing_learner(capsys):
    learner = UserFactory(username="lin")
    assert not is_instructor(learner)
    call_command("createinstructor", "lin")
    learner.refresh_from_db()
    assert is_instructor(learner)
    assert learner.is_staff
    assert learner.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["newbie", "--noinput"], "give --password"),
        (["newbie", "--password", "short"], "too short"),
        (["bad name!", "--password", GOOD_PASSWORD], "Enter a valid username"),
        (["  ", "--password", GOOD_PASSWORD], "must not be empty"),
    ],
)
def test_createinstructor_refuses_bad_input_and_creates_nothing(args, message, monkeypatch):
    monkeypatch.delenv("DJANGO_INSTRUCTOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("createinstructor", *args)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "target", ["abc", "home", "javascript:alert(1)", "//evil.example/", "\\\\evil"]
)
def test_signup_post_with_an_unsafe_next_creates_the_account_and_goes_home(client, target):
    response = client.post(reverse("signup"), {**signup_data(), "next": target})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert User.objects.filter(username="ada").exists()


@pytest.mark.parametrize("target", ["abc", "home", "//evil.example/"])
def test_signed_in_visit_to_signup_with_an_unsafe_next_goes_home(client_logged_in, target):
    response = client_logged_in.get(reverse("signup"), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_signed_in_visit_to_signup_follows_a_safe_path(client_logged_in):
    response = client_logged_in.get(reverse("signup"), {"next": "/progress/"})
    assert response.status_code == 302
    assert response.url == "/progress/"


@pytest.mark.parametrize("target", ["abc", "//evil.example/"])
def test_sign_in_with_an_unsafe_next_goes_home(client, user, target):
    response = client.post(
        reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def messages_on(response):
    return [str(m) for m in response.context["messages"]]


def test_signup_welcomes_a_newcomer_and_never_says_welcome_back(client):
    response = client.post(reverse("signup"), signup_data(), follow=True)
    page = response.content.decode()
    assert "Welcome to Scaling Study, ada: your account is ready." in page
    assert "Welcome back" not in page


def test_sign_in_says_welcome_back(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD}, follow=True
    )
    assert messages_on(response) == [f"Welcome back, {user.username}."]


def test_sign_out_says_so(client_logged_in):
    response = client_logged_in.post(reverse("logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_signup_keeps_an_optional_email_for_password_resets(client):
    client.post(reverse("signup"), {**signup_data(), "email": "ada@example.com"})
    assert User.objects.get(username="ada").email == "ada@example.com"


def test_signup_refuses_a_malformed_email(client):
    response = client.post(reverse("signup"), {**signup_data(), "email": "not-an-address"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not User.objects.exists()


def test_a_failed_csrf_check_shows_the_sites_own_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form could not be sent" in page
    assert "reload the page and send the form again" in page
    assert '<main id="main"' in page
    assert "CSRF verification failed" not in page
