"""ORM querysets compiled to SQL once per database connection, then run with new values.

Django builds and compiles a queryset's SQL on every evaluation; for a small query on a hot
page that costs several times the query itself (a question page's three reads: about 0.7 ms
of ORM work around 0.1 ms of SQL). A `CompiledQuery` is written as an ordinary queryset, so
its SQL and columns follow the models. The first time it runs on a connection it is compiled
with stand-in integers for its arguments, and Django's compiler also says which columns make
the model and which converters each column needs. Later runs execute that SQL with the real
values and turn the rows into model instances as the ORM does: the same converters, then
`Model.from_db()`. (`raw()` would run each query twice: once for its column names.)

Only whole-number arguments are supported, and a value outside a 64-bit integer matches
nothing (as the ORM's own range checks make it), rather than reaching the driver.
"""

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet

# Stand-ins for the arguments while a queryset is compiled, found again among the SQL's
# parameters afterwards. They fit every integer field (the ORM refuses to compile a lookup
# whose value is out of its field's range), and compiling fails rather than guesses if a
# stand-in also occurs in the query as a constant.
_PLACEHOLDERS = (32_749, 32_719, 32_717, 32_713, 32_707)
_INT64 = range(-(2**63), 2**63)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list[Any]
    slots: tuple[int | None, ...]  # per SQL parameter: the argument it takes, or None
    compiler: Any  # Django's SQLCompiler, kept for its converters
    converters: dict[int, Any]
    model: type[Model]
    fields: slice  # the columns that make the model, when it returns model rows
    attnames: list[str]


class CompiledQuery[M: Model]:
    def __init__(self, build: Callable[..., QuerySet[M, Any]], *, arguments: int) -> None:
        if arguments > len(_PLACEHOLDERS):
            raise ValueError(f"at most {len(_PLACEHOLDERS)} arguments")
        self._build = build
        self._arguments = arguments
        # Per connection (one per thread and database): the compiler's converters are bound
        # to the connection they were made for.
        self._compiled: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = (
            weakref.WeakKeyDictionary()
        )

    def _compile(self, connection: BaseDatabaseWrapper, using: str) -> _Compiled:
        placeholders = list(_PLACEHOLDERS[: self._arguments])
        queryset = self._build(*placeholders)
        compiler = queryset.query.get_compiler(using=using, connection=connection)
        sql, params = compiler.as_sql()
        slots = tuple(
            placeholders.index(value) if isinstance(value, int) and value in placeholders
            else None
            for value in params
        )  # fmt: skip
        if sorted(slot for slot in slots if slot is not None) != list(range(self._arguments)):
            raise ValueError("each argument must reach the SQL once, as a parameter")
        select = compiler.select
        converters = compiler.get_converters([column[0] for column in select])
        klass_info = compiler.klass_info
        fields = slice(0, 0)
        attnames: list[str] = []
        # Model rows only when the queryset yields models (not values() or values_list()).
        gives_models = getattr(queryset, "_fields", None) is None
        if gives_models and klass_info is not None and klass_info.get("select_fields"):
            indexes = klass_info["select_fields"]
            fields = slice(indexes[0], indexes[-1] + 1)
            attnames = [column[0].target.attname for column in select[fields]]
        return _Compiled(
            sql, list(params), slots, compiler, converters, queryset.model, fields, attnames
        )

    def _run(self, values: tuple[int, ...], using: str) -> tuple[_Compiled, list[Any]] | None:
        if len(values) != self._arguments:
            raise TypeError(f"expected {self._arguments} arguments, got {len(values)}")
        if any(value not in _INT64 for value in values):
            return None
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compile(connection, using)
            self._compiled[connection] = compiled
        params = [
            compiled.params[i] if slot is None else values[slot]
            for i, slot in enumerate(compiled.slots)
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled, rows

    def models(self, *values: int, using: str = "default") -> list[M]:
        """The rows as model instances of the queryset's model, loaded as the ORM loads them
        (the fields' converters, then Model.from_db)."""
        ran = self._run(values, using)
        if ran is None:
            return []
        compiled, rows = ran
        if not compiled.attnames:
            raise TypeError("this query returns values, not model rows: use rows()")
        model: Any = compiled.model
        return [model.from_db(using, compiled.attnames, row[compiled.fields]) for row in rows]

    def rows(self, *values: int, using: str = "default") -> list[tuple[Any, ...]]:
        """The rows as tuples of converted values (a values_list() query's rows)."""
        ran = self._run(values, using)
        if ran is None:
            return []
        return [tuple(row) for row in ran[1]]
