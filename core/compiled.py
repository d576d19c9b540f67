"""ORM querysets compiled to SQL once per database connection, then run with new values.

Django builds and compiles a queryset's SQL on every evaluation; for a small query on a hot
page that costs several times the query itself (the question page's reads: about 0.7 ms of
ORM work around 0.1 ms of SQL). A `CompiledQuery` is written as an ordinary queryset, so
its SQL and columns follow the models. The first time it runs on a connection it is compiled
with stand-in integers for its arguments, and Django's compiler also says which columns make
the model and which converters each column needs. Later runs execute that SQL with the real
values and turn the rows into model instances as the ORM does: the same converters,
`Model.from_db()`, then Django's own populators for `select_related()` rows and the
annotations as attributes. (`raw()` would run each query twice: once for its column names.)

`insert_many()` is the same idea for inserts: the ORM's one-row INSERT, run for many rows.

Only whole-number arguments are supported, and a value outside a 64-bit integer matches
nothing (as the ORM's own range checks make it), rather than reaching the driver.
"""

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery

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
    klass_info: dict[str, Any]  # for the select_related() populators
    select: list[Any]
    fetch_mode: Any
    populators: list[Any]  # Django's, for the select_related() rows
    annotations: dict[str, int]  # an annotation's name -> its column, on model rows


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
        fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]  # Django 6, not in the stubs
        return _Compiled(
            sql,
            list(params),
            slots,
            compiler,
            converters,
            queryset.model,
            fields,
            attnames,
            klass_info if attnames else {},
            select,
            fetch_mode,
            get_related_populators(klass_info, select, using, fetch_mode) if attnames else [],
            dict(compiler.annotation_col_map or {}) if attnames else {},
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
        (the fields' converters, Model.from_db, the select_related() rows, the annotations)."""
        ran = self._run(values, using)
        if ran is None:
            return []
        compiled, rows = ran
        if not compiled.attnames:
            raise TypeError("this query returns values, not model rows: use rows()")
        model: Any = compiled.model
        related = compiled.populators
        if compiled.fetch_mode.track_peers:  # then a populator keeps the rows of one run
            related = get_related_populators(
                compiled.klass_info, compiled.select, using, compiled.fetch_mode
            )
        found = []
        for row in rows:
            obj = model.from_db(
                using, compiled.attnames, row[compiled.fields], fetch_mode=compiled.fetch_mode
            )
            for populator in related:
                populator.populate(row, obj)
            for name, column in compiled.annotations.items():
                setattr(obj, name, row[column])
            found.append(obj)
        return found

    def rows(self, *values: int, using: str = "default") -> list[tuple[Any, ...]]:
        """The rows as tuples of converted values (a values_list() query's rows)."""
        ran = self._run(values, using)
        if ran is None:
            return []
        return [tuple(row) for row in ran[1]]


def insert_many(objects: Sequence[Model], *, using: str = "default") -> None:
    """Insert new rows of one model with one executemany() of the single-row INSERT that the
    ORM compiles for them, each value prepared by its field as bulk_create() prepares it
    (pre_save(), then get_db_prep_save()).

    bulk_create() assembles SQL for every value of every row, which for an exam's 65
    questions cost more than the insert itself. Like bulk_create(), this sends no signals;
    unlike it, the objects do not get their primary keys. Only plain values are taken:
    a database default or an expression has no place in a parameter list.
    """
    if not objects:
        return
    model = type(objects[0])
    if any(type(obj) is not model for obj in objects):
        raise TypeError("every object must be of one model")
    opts = model._meta
    if opts.parents:
        raise ValueError("multi-table inheritance needs bulk_create()")
    if any(obj.pk is not None for obj in objects):
        raise ValueError("insert_many() inserts new rows only: these have primary keys")
    connection = connections[using]
    fields = [
        field
        for field in opts.local_concrete_fields
        if field is not opts.auto_field and not field.generated
    ]
    query = InsertQuery(model)
    query.insert_values(fields, [objects[0]])
    [(sql, _)] = query.get_compiler(using=using, connection=connection).as_sql()
    rows = []
    for obj in objects:
        row = []
        for field in fields:
            value = field.pre_save(obj, add=True)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"{field.name}: an expression, not a value")
            row.append(field.get_db_prep_save(value, connection=connection))
        rows.append(row)
    if sql.count("%s") != len(fields):
        raise TypeError("a field of this model is not inserted as a plain parameter")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
