"""The signed-in user, read on every request with one plain SQL query.

Django's ModelBackend reads the user through the ORM, whose query building costs several
times the query itself on every signed-in page; this backend runs the same SELECT as raw
SQL and builds the same model instance (raw querysets apply the same field converters).
Sign-in, permissions and everything else are Django's own.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.models import User
from core.rawsql import rows_where


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        model = User
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session holding something that is not a key: no user
            return None
        found = rows_where(model, pk=pk)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
