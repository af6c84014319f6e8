"""A queryset whose SQL is built once per process and database, then run with other values.

The ORM builds a query's SQL on every evaluation: for a query with subqueries that costs more
CPU than PostgreSQL spends answering it (``course_view``'s one query: ~3 ms of compiling against
well under 1 ms of reading). ``CompiledQuery`` compiles the queryset once with placeholder
values, records where each placeholder sits among the SQL's parameters, and afterwards only
substitutes the real values, executes and builds the model instances the way the queryset
would (``select_related`` rows and annotations included, the fields' converters applied).

Only for model querysets (``select_related`` and annotations, no ``prefetch_related``,
``values()`` or unions), whose SQL does not depend on the values themselves (no ``__in`` with a
varying list, no ``None`` that would turn ``=`` into ``IS NULL``): the placeholders must each
appear as parameters, which is checked when the query is compiled.
"""

import datetime
import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.http import Http404


def _adapted(connection, value):
    """``value`` as the ORM hands it to this database's driver: SQLite takes dates and times as
    text (``adapt_datefield_value``), PostgreSQL as they are."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class CompiledQuery:
    """``build(**placeholders)`` returns the queryset; ``first(**values)`` runs it for its
    first row (``many=False``: the SQL carries ``LIMIT 1``), ``all(**values)`` for every row
    (``many=True``).

    ``placeholders``: name -> a value of the type the real values will have, which the
    queryset's own parameters cannot equal (e.g. a negative id, a NUL-prefixed string, the
    year 1). Raises ValueError at the first compile when a placeholder is not a parameter of
    the SQL (the value was folded into the SQL text, or the query changes shape with it).
    """

    def __init__(self, build: Callable[..., QuerySet], *, many: bool = False, **placeholders):
        self._build = build
        self._many = many
        self._placeholders = placeholders
        self._compiled: dict[tuple[str, str], tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple:
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        with self._lock:
            queryset = self._build(**self._placeholders)
            if (
                queryset._prefetch_related_lookups
                or queryset._iterable_class is not ModelIterable
                or queryset.query.combinator
            ):
                # What the rows would not carry here: prefetches, values(), unions.
                raise ValueError("only plain model querysets (select_related allowed)")
            if not self._many and not queryset.query.is_sliced:
                queryset = (queryset if queryset.ordered else queryset.order_by("pk"))[:1]
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = []  # per parameter: a placeholder's name, or (None, the constant)
            found = set()
            adapted = {n: _adapted(connection, v) for n, v in self._placeholders.items()}
            for param in params:
                name = next(
                    (
                        n
                        for n, value in adapted.items()
                        if type(param) is type(value) and param == value
                    ),
                    None,
                )
                slots.append(name if name is not None else (None, param))
                found.add(name)
            missing = set(self._placeholders) - found
            if missing:
                raise ValueError(f"placeholders not among the SQL's parameters: {missing}")
            select, klass_info = compiler.select, compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            compiled = (
                sql,
                slots,
                klass_info["model"],
                [column[0].target.attname for column in select[start:end]],
                (start, end),
                get_related_populators(klass_info, select, using),
                dict(compiler.annotation_col_map),
                compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
            )
            self._compiled[key] = compiled
            return compiled

    def first(self, using: str = "default", **values) -> Model | None:
        """The first row as a model instance (with its related rows and annotations), or None.

        One query, counted like any other (``assertNumQueries`` sees it).
        """
        if self._many:
            raise TypeError("first() of a query compiled with many=True")
        rows = self._rows(using, values)
        return rows[0] if rows else None

    def all(self, using: str = "default", **values) -> list[Model]:
        """Every row, as model instances, in the queryset's order. One query."""
        if not self._many:
            raise TypeError("all() of a query compiled with many=False")
        return self._rows(using, values)

    def _rows(self, using: str, values: dict) -> list[Model]:
        compiled = self._compile(using)
        sql, slots = compiled[0], compiled[1]
        connection = connections[using]
        params = [
            _adapted(connection, values[slot]) if isinstance(slot, str) else slot[1]
            for slot in slots
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return [self._instance(row, compiled, using, connection) for row in found]

    @staticmethod
    def _instance(row, compiled, using, connection) -> Model:
        _sql, _slots, model, init_list, (start, end), populators, annotations, converters = compiled
        if converters:
            row = list(row)
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        instance = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        return instance


def row_id(value) -> int:
    """A primary key from the URL or a caller, for a compiled query; Http404 for anything that
    is not a number (the ORM would raise ValueError on such a lookup) or that no key column can
    hold (the ORM finds no row; bound as a parameter, 2**64 raises OverflowError in SQLite's
    driver and an error in PostgreSQL's: a 500)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not -(2**63) <= number < 2**63:
        raise Http404
    return number
