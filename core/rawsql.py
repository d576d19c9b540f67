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


def _field(meta: Any, name: str) -> Any:
    return meta.pk if name == "pk" else meta.get_field(name)


def _column(meta: Any, name: str) -> str:
    return str(_field(meta, name).column)


def _in_range(connection: Any, meta: Any, equal: dict[str, Any]) -> bool:
    """False when an integer is outside its column's range (a URL's 10**30): no row can
    match, as the ORM answers, instead of a database error."""
    for name, value in equal.items():
        if isinstance(value, int) and not isinstance(value, bool):
            field = _field(meta, name)
            target = field.target_field if field.is_relation else field
            low, high = connection.ops.integer_field_range(target.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                return False
    return True


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
    if not _in_range(connections[using], meta, equal):
        return []
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
    if not _in_range(connection, meta, equal):
        return []
    columns = ", ".join(quote(_column(meta, name)) for name in fields)
    where = " AND ".join(f"{quote(_column(meta, name))} = %s" for name in equal)
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608 (as above)
    if order_by:
        sql += f" ORDER BY {quote(_column(meta, order_by))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(equal.values()))
        return [tuple(row) for row in cursor.fetchall()]
