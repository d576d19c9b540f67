from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core import validators

from accounts.models import User


class SignUpForm(UserCreationForm[User]):
    email = forms.EmailField(
        required=False,
        help_text="Optional. Only used to send you a link if you forget your password.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with its username length enforced on the server too (Django
    sets it only on the widget): an over-long name is a form error, never a lookup or a
    row in the sign-in throttle's table."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        if not isinstance(username, forms.CharField) or username.max_length is None:
            raise TypeError("the username field must be a CharField with a max_length")
        username.validators.append(validators.MaxLengthValidator(username.max_length))
