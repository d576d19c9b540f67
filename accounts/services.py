"""Writes for accounts."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the learner; their studied lessons, attempts, answers, cards, logs and exam
    date go with them (every one of those rows cascades from the user)."""
    user.delete()
