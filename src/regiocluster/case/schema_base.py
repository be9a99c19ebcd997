"""Building blocks of the case schema: column, key and table specifications.

:mod:`regiocluster.case.schema` declares every table with them and
re-exports them; the tables register themselves in :data:`TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandera.pandas as pa

DType = Literal["str", "int", "float", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a case table.

    Attributes
    ----------
    name : str
        Column name in the tidy table (English, snake_case).
    dtype : {"str", "int", "float", "bool"}
        Logical type; ``int`` columns may hold missing values when ``nullable``.
    nullable : bool
        Whether empty cells are allowed (for example suppressed statistics).
    non_negative : bool
        Quantities that can never be below zero (capacity, output, population).
    choices : tuple of str, optional
        The closed set of allowed values.
    year : bool
        The column is a year and must lie within the case's ``years``.
    description : str
        What the column holds, with its unit.
    aliases : tuple of str
        Other headers that mean this column (Russian headers from Excel exports).
    optional : bool
        A case may leave the column out (the Russian name of a site, say);
        present, it is typed and checked like any other.
    """

    name: str
    dtype: DType
    nullable: bool = False
    non_negative: bool = False
    choices: tuple[str, ...] | None = None
    year: bool = False
    description: str = ""
    aliases: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must exist in another table's key column."""

    column: str
    table: str
    target: str


@dataclass(frozen=True)
class TableSpec:
    """Declaration of one case table."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    #: (lon, lat) column pairs that must fall in the case's study-area bounding box
    study_area_points: tuple[tuple[str, str], ...] = ()
    #: (lon, lat) column pairs that must fall in the case's country bounding box
    country_points: tuple[tuple[str, str], ...] = ()
    #: columns holding OKVED-2 codes that must exist in ``industries``
    okved_columns: tuple[str, ...] = ()
    required: bool = True
    aliases: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        """Names of the declared columns, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the declared column ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _c(name: str, dtype: DType, description: str = "", **kw: object) -> Column:
    return Column(name=name, dtype=dtype, description=description, **kw)  # type: ignore[arg-type]


REGION_KINDS = ("country", "federal_subject", "federal_city", "municipal_district", "urban_okrug")
CHAIN_ROLES = (
    "raw_materials",
    "core",
    "wood",
    "equipment",
    "services",
    "trade",
    "construction",
    "other",
)
ORG_KINDS = (
    "producer",
    "raw_materials",
    "equipment",
    "services",
    "customer",
    "research",
    "education",
    "finance",
    "logistics",
    "management",
)
MODES = ("road", "rail", "sea")
SCENARIOS = ("actual", "base", "optimistic", "pessimistic")
MEASURE_LEVELS = ("federal", "regional", "international")
FLOWS = ("export", "import")

TABLES: dict[str, TableSpec] = {}


def _add(spec: TableSpec) -> None:
    TABLES[spec.name] = spec


_DTYPE_TO_PANDERA = {"str": str, "int": "Int64", "float": float, "bool": bool}


def pandera_schema(table: str) -> pa.DataFrameSchema:
    """Build the pandera schema for ``table``.

    Types are coerced (a CSV read as text becomes numbers); range and choice
    checks are per column. Cross-table checks live in ``validate``.

    Parameters
    ----------
    table : str
        A key of :data:`TABLES`.

    Returns
    -------
    pandera.DataFrameSchema
    """
    spec = TABLES[table]
    columns: dict[str, pa.Column] = {}
    for col in spec.columns:
        checks = []
        if col.non_negative:
            checks.append(pa.Check.ge(0, error="must be non-negative"))
        if col.choices is not None:
            checks.append(
                pa.Check.isin(list(col.choices), error=f"must be one of {list(col.choices)}")
            )
        columns[col.name] = pa.Column(
            _DTYPE_TO_PANDERA[col.dtype],
            checks=checks,
            nullable=col.nullable,
            coerce=True,
            required=not col.optional,
        )
    return pa.DataFrameSchema(columns, strict=False, ordered=False, name=table)
