"""Rows read with plain SQL for the hottest reads (the signed-in user, a question page).

Building an ORM query costs several times running it: a simple lookup by key spends most
of its time in Django's query compiler. These helpers write the same SELECT once from the
model's own metadata (names quoted, values as parameters) and let a raw queryset build the
same model instances with the same field converters. Use them only where a profile shows
the ORM's cost; everything else reads through the ORM.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router


def _column(meta: Any, name: str) -> str:
    field = meta.pk if name == "pk" else meta.get_field(name)
    return str(field.column)


def rows_where[M: models.Model](
    model: type[M],
    *,
    defer: Sequence[str] = (),
    extra: Sequence[str] = (),
    order_by: str = "",
    **equal: Any,
) -> list[M]:
    """Instances of `model` whose fields equal `equal` (field names; a foreign key by its
    id), every concrete field loaded but `defer`; `extra` adds selected SQL expressions
    (aliased) that become attributes; `order_by` a field name."""
    using = router.db_for_read(model)
    quote = connections[using].ops.quote_name
    meta = model._meta
    columns = [quote(str(f.column)) for f in meta.concrete_fields if f.name not in defer]
    where = " AND ".join(f"{quote(_column(meta, name))} = %s" for name in equal)
    sql = f"SELECT {', '.join([*columns, *extra])} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608 (names from metadata, values are parameters)
    if order_by:
        sql += f" ORDER BY {quote(_column(meta, order_by))}"
    return list(model._default_manager.db_manager(using).raw(sql, list(equal.values())))


def values_where(
    model: type[models.Model], fields: Sequence[str], *, order_by: str = "", **equal: Any
) -> list[tuple[Any, ...]]:
    """The raw column values of `fields` (no converters: booleans may come back as 0 and 1,
    times as text) for rows whose fields equal `equal`."""
    using = router.db_for_read(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(quote(_column(meta, name)) for name in fields)
    where = " AND ".join(f"{quote(_column(meta, name))} = %s" for name in equal)
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608 (as above)
    if order_by:
        sql += f" ORDER BY {quote(_column(meta, order_by))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(equal.values()))
        return [tuple(row) for row in cursor.fetchall()]
