import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.roles import ensure_instructor_group


class Command(BaseCommand):
    help = (
        "Make USERNAME an instructor (creating the account if needed). The password of a new "
        "account comes from --password, DJANGO_INSTRUCTOR_PASSWORD, or a prompt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--password", help="password for a new account")
        parser.add_argument(
            "--noinput", action="store_true", help="never prompt; fail if a password is needed"
        )

    def handle(
        self, *args: object, username: str, password: str | None, noinput: bool, **options: object
    ) -> None:
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("USERNAME must not be empty.")
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            password = password or os.environ.get("DJANGO_INSTRUCTOR_PASSWORD")
            if not password:
                if noinput:
                    raise CommandError(
                        f"No account {username!r} exists; give --password to create it."
                    )
                password = self._prompt_password()
            user = User(username=username)
            try:
                User._meta.get_field("username").run_validators(username)
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
        user.is_staff = True  # instructors author in the admin as well as in files
        user.save()
        user.groups.add(ensure_instructor_group())
        verb = "Created" if created else "Promoted"
        self.stdout.write(self.style.SUCCESS(f"{verb} instructor {username}."))

    def _prompt_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
