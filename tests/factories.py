import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.roles import ensure_instructor_group

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)


class InstructorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"instructor{n}")
    is_staff = True

    @factory.post_generation
    def instructor_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(ensure_instructor_group())
