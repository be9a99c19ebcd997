"""Tables of support measures, technologies and the national input-output table.

Registered in :data:`regiocluster.case.schema.TABLES` after the core tables
(split from :mod:`regiocluster.case.schema` to keep each module readable).
"""

from __future__ import annotations

from regiocluster.case.schema import MEASURE_LEVELS, ForeignKey, TableSpec, _add, _c

IO_PRIMARY_ROWS = ("value_added", "imports")
IO_FINAL_COLUMNS = ("households", "government", "investment", "exports")

_add(
    TableSpec(
        name="support_measures",
        description="Government support measures with eligibility conditions.",
        columns=(
            _c("measure_id", "str", "Identifier"),
            _c("name_ru", "str", "Name in Russian"),
            _c("name_en", "str", "Name in English"),
            _c("level", "str", "Level", choices=MEASURE_LEVELS),
            _c("provider", "str", "Who grants it"),
            _c("instrument", "str", "grant, loan, tax, guarantee, service, ..."),
            _c("legal_basis", "str", "Act that sets it up"),
            _c(
                "okved_prefixes",
                "str",
                "Eligible OKVED prefixes separated by '|'; empty = any",
                nullable=True,
            ),
            _c("min_employees", "float", "Minimum employees", nullable=True, non_negative=True),
            _c("max_employees", "float", "Maximum employees", nullable=True, non_negative=True),
            _c(
                "max_revenue", "float", "Maximum revenue, mln RUB", nullable=True, non_negative=True
            ),
            _c(
                "min_investment",
                "float",
                "Minimum project investment, mln RUB",
                nullable=True,
                non_negative=True,
            ),
            _c(
                "requires_cluster_member",
                "bool",
                "Only for participants of a registered industrial cluster",
            ),
            _c(
                "regions", "str", "Eligible region_ids separated by '|'; empty = any", nullable=True
            ),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("measure_id",),
    )
)

_add(
    TableSpec(
        name="technologies",
        description="Advanced technologies in production and in demand.",
        columns=(
            _c("technology_id", "str", "Identifier"),
            _c("name_ru", "str", "Name in Russian"),
            _c("name_en", "str", "Name in English"),
            _c("side", "str", "production or demand", choices=("production", "demand")),
            _c("okved", "str", "Industry that uses it"),
            _c("product_id", "str", "Product it concerns", nullable=True),
            _c("trl", "int", "Technology readiness level 1-9", non_negative=True),
            _c("description", "str", "What it is and why it matters"),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("technology_id",),
        foreign_keys=(ForeignKey("product_id", "products", "product_id"),),
        okved_columns=("okved",),
    )
)

_add(
    TableSpec(
        name="io_sectors",
        description="Sectors of the national input-output table, with labour data.",
        columns=(
            _c("sector_id", "str", "Identifier"),
            _c("name_en", "str", "Name in English"),
            _c("name_ru", "str", "Name in Russian"),
            _c("okved_prefixes", "str", "OKVED divisions or classes it covers, separated by '|'"),
            _c("employment", "float", "Employment, thousand persons", non_negative=True),
            _c("labour_income", "float", "Compensation of employees, bn RUB", non_negative=True),
        ),
        key=("sector_id",),
    )
)

_add(
    TableSpec(
        name="io_flows",
        description=(
            "National input-output table in long form, bn RUB: rows are sectors or "
            "primary inputs, columns sectors or final demand."
        ),
        columns=(
            _c("row", "str", "Selling sector or primary input (value_added, imports)"),
            _c(
                "column",
                "str",
                "Buying sector or final demand (households, government, investment, exports)",
            ),
            _c("year", "int", "Year", year=True),
            _c("value", "float", "Flow, bn RUB", non_negative=True),
        ),
        key=("row", "column", "year"),
    )
)
