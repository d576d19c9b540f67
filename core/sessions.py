"""Database sessions read with one plain SQL query.

Every signed-in page loads its session; Django's database store reads it through the ORM,
whose query building costs several times the query itself. This store runs the same
SELECT as raw SQL; saving, expiry and everything else are Django's own. (With REDIS_URL the
cached_db store is used instead and reads Redis first.)
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        if not self.session_key:
            return {}
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        quote = connection.ops.quote_name
        sql = (  # names quoted from the model; key and time are parameters
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        decoded: dict[str, Any] = self.decode(row[0])
        return decoded
