"""The Case data contract: every table, its columns, keys and checks, declared once.

Each table is a tidy long table. :data:`TABLES` maps a table name to a
:class:`TableSpec`; :func:`pandera_schema` builds the pandera schema that
``load_case`` and the importers validate against. Cross-table rules (foreign
keys, coordinates inside the case's bounding box, codes in the classifiers)
are declared here too and enforced in :mod:`regiocluster.case.validate`.
"""

from __future__ import annotations

from regiocluster.case.schema_base import (  # noqa: F401 (re-exported)
    CHAIN_ROLES,
    FLOWS,
    MEASURE_LEVELS,
    MODES,
    ORG_KINDS,
    REGION_KINDS,
    SCENARIOS,
    TABLES,
    Column,
    DType,
    ForeignKey,
    TableSpec,
    _add,
    _c,
    pandera_schema,
)

_add(
    TableSpec(
        name="regions",
        description="Russia, its federal subjects, and Leningrad Oblast's municipal districts.",
        columns=(
            _c(
                "region_id",
                "str",
                "Code: ISO 3166-2 for subjects (RU-LEN), OKTMO-based for districts",
                aliases=("код", "код региона"),
            ),
            _c("name_ru", "str", "Name in Russian", aliases=("наименование", "название")),
            _c("name_en", "str", "Name in English"),
            _c("kind", "str", "Administrative level", choices=REGION_KINDS),
            _c("parent_id", "str", "Enclosing region (districts → RU-LEN)", nullable=True),
            _c("centre_ru", "str", "Administrative centre, Russian"),
            _c("lon", "float", "Longitude of the centre, WGS 84", aliases=("долгота",)),
            _c("lat", "float", "Latitude of the centre, WGS 84", aliases=("широта",)),
            _c(
                "population",
                "float",
                "Resident population, persons",
                nullable=True,
                non_negative=True,
                aliases=("население",),
            ),
            _c("population_year", "int", "Year of the population figure", nullable=True),
            _c("federal_district", "str", "Federal district (for subjects)", nullable=True),
        ),
        key=("region_id",),
        foreign_keys=(ForeignKey("parent_id", "regions", "region_id"),),
        country_points=(("lon", "lat"),),
    )
)

_add(
    TableSpec(
        name="industries",
        description=(
            "OKVED-2 classifier: all sections and divisions, the "
            "construction-materials chain to classes."
        ),
        columns=(
            _c(
                "okved",
                "str",
                "OKVED-2 code (section letter, or 2-4 digit code with dots)",
                aliases=("оквэд", "код оквэд"),
            ),
            _c("name_ru", "str", "Name in Russian"),
            _c("name_en", "str", "Name in English"),
            _c(
                "level",
                "str",
                "Classifier level",
                choices=("section", "division", "group", "class", "subclass"),
            ),
            _c(
                "parent",
                "str",
                "Parent code (division's section letter, class's group ...)",
                nullable=True,
            ),
            _c("section", "str", "Section letter A-U"),
            _c("traded", "bool", "Traded industry (US Cluster Mapping sense) rather than local"),
            _c(
                "chain_role",
                "str",
                "Role in the construction-materials chain, if any",
                nullable=True,
                choices=CHAIN_ROLES,
            ),
            _c(
                "in_partition",
                "bool",
                "Row belongs to the non-overlapping partition used by employment",
            ),
        ),
        key=("okved",),
        foreign_keys=(ForeignKey("parent", "industries", "okved"),),
    )
)

_add(
    TableSpec(
        name="employment",
        description=(
            "Employees and establishments by region × industry × year (partition of the economy)."
        ),
        columns=(
            _c("region_id", "str", "Region", aliases=("регион",)),
            _c("okved", "str", "Industry (a partition code)", aliases=("оквэд",)),
            _c("year", "int", "Year", year=True, aliases=("год",)),
            _c(
                "employees",
                "float",
                "Average number of employees, persons; empty = suppressed",
                nullable=True,
                non_negative=True,
                aliases=("численность", "работники"),
            ),
            _c(
                "establishments",
                "float",
                "Number of establishments; empty = suppressed",
                nullable=True,
                non_negative=True,
                aliases=("предприятия", "организации"),
            ),
        ),
        key=("region_id", "okved", "year"),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        okved_columns=("okved",),
    )
)

_add(
    TableSpec(
        name="enterprises",
        description=(
            "Organisations of the chain and its infrastructure in Leningrad Oblast "
            "and St. Petersburg."
        ),
        columns=(
            _c("enterprise_id", "str", "Identifier", aliases=("id", "идентификатор")),
            _c("name", "str", "Name", aliases=("наименование", "название")),
            _c(
                "inn",
                "str",
                "Taxpayer number (10 digits); synthetic rows carry synthetic numbers",
                aliases=("инн",),
            ),
            _c("okved", "str", "Main OKVED-2 activity", aliases=("оквэд",)),
            _c("kind", "str", "Kind of organisation", choices=ORG_KINDS),
            _c(
                "region_id",
                "str",
                "District of Leningrad Oblast or RU-SPE",
                aliases=("район", "регион"),
            ),
            _c("lon", "float", "Longitude, WGS 84", aliases=("долгота",)),
            _c("lat", "float", "Latitude, WGS 84", aliases=("широта",)),
            _c("founded", "int", "Year founded"),
            _c("size_class", "str", "Size class", choices=("micro", "small", "medium", "large")),
            _c("synthetic", "bool", "Row is synthetic (illustrative), not a real organisation"),
        ),
        key=("enterprise_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
        okved_columns=("okved",),
    )
)

_add(
    TableSpec(
        name="enterprise_finances",
        description="Yearly finances of enterprises, million roubles.",
        columns=(
            _c("enterprise_id", "str", "Enterprise"),
            _c("year", "int", "Year", year=True),
            _c("revenue", "float", "Revenue, mln RUB", non_negative=True, aliases=("выручка",)),
            _c(
                "purchases",
                "float",
                "All purchases of goods and services, mln RUB",
                non_negative=True,
                aliases=("закупки",),
            ),
            _c("wages", "float", "Wage bill, mln RUB", non_negative=True),
            _c("investment", "float", "Fixed investment, mln RUB", non_negative=True),
            _c("exports", "float", "Export revenue, mln RUB", non_negative=True),
            _c("employees", "float", "Average employees, persons", non_negative=True),
            _c("net_profit", "float", "Net profit, mln RUB (may be negative)"),
            _c(
                "fixed_assets_wear",
                "float",
                "Wear of fixed assets, share 0-1",
                nullable=True,
                non_negative=True,
            ),
        ),
        key=("enterprise_id", "year"),
        foreign_keys=(ForeignKey("enterprise_id", "enterprises", "enterprise_id"),),
    )
)

_add(
    TableSpec(
        name="products",
        description="Products of the chain with HS and OKPD2 codes.",
        columns=(
            _c("product_id", "str", "Identifier (cement, ready_mix ...)"),
            _c("name_ru", "str", "Name in Russian"),
            _c("name_en", "str", "Name in English"),
            _c("hs", "str", "HS 2017 code, 6 digits"),
            _c("okpd2", "str", "OKPD2 code"),
            _c("okved", "str", "OKVED-2 class that makes it"),
            _c("unit", "str", "Unit of quantity (t, m3, thousand_bricks, m2)"),
            _c("tonnes_per_unit", "float", "Mass of one unit, tonnes", non_negative=True),
            _c("group", "str", "Product group for hierarchical forecasts"),
            _c(
                "raw_material",
                "str",
                "Mineral it needs most, if any (matches deposits.mineral)",
                nullable=True,
            ),
        ),
        key=("product_id",),
        okved_columns=("okved",),
    )
)

_add(
    TableSpec(
        name="enterprise_products",
        description="Capacity and output of each enterprise by product and year.",
        columns=(
            _c("enterprise_id", "str", "Enterprise"),
            _c("product_id", "str", "Product"),
            _c("year", "int", "Year", year=True),
            _c(
                "capacity",
                "float",
                "Annual capacity, product units",
                non_negative=True,
                aliases=("мощность",),
            ),
            _c(
                "output",
                "float",
                "Output, product units",
                non_negative=True,
                aliases=("выпуск", "производство"),
            ),
        ),
        key=("enterprise_id", "product_id", "year"),
        foreign_keys=(
            ForeignKey("enterprise_id", "enterprises", "enterprise_id"),
            ForeignKey("product_id", "products", "product_id"),
        ),
    )
)

_add(
    TableSpec(
        name="supply_links",
        description="Firm-to-firm supplies between organisations in the case, by year.",
        columns=(
            _c("link_id", "str", "Identifier"),
            _c("supplier_id", "str", "Selling enterprise"),
            _c("buyer_id", "str", "Buying enterprise"),
            _c("product_id", "str", "Product supplied, if a product of the case", nullable=True),
            _c("year", "int", "Year", year=True),
            _c("value", "float", "Value, mln RUB", non_negative=True),
        ),
        key=("link_id",),
        foreign_keys=(
            ForeignKey("supplier_id", "enterprises", "enterprise_id"),
            ForeignKey("buyer_id", "enterprises", "enterprise_id"),
            ForeignKey("product_id", "products", "product_id"),
        ),
    )
)

_add(
    TableSpec(
        name="trade_flows",
        description=(
            "Exports and imports by reporter (country or region) × partner × HS product × year."
        ),
        columns=(
            _c("reporter", "str", "Reporting location: ISO3 country or a region_id"),
            _c("partner", "str", "Partner: ISO3 country, or WLD"),
            _c("hs", "str", "HS code (6 digits for the chain, 4 for others)"),
            _c("year", "int", "Year", year=True),
            _c("flow", "str", "Direction", choices=FLOWS),
            _c("value_usd", "float", "Value, thousand US$", non_negative=True),
            _c("quantity_t", "float", "Net weight, tonnes", nullable=True, non_negative=True),
        ),
        key=("reporter", "partner", "hs", "year", "flow"),
    )
)

_add(
    TableSpec(
        name="market_balances",
        description=(
            "Production, imports, exports and consumption by product × region × "
            "year, product units."
        ),
        columns=(
            _c("product_id", "str", "Product"),
            _c("region_id", "str", "Region (RU for Russia)"),
            _c("year", "int", "Year", year=True),
            _c("production", "float", "Production", non_negative=True),
            _c(
                "imports",
                "float",
                "Inflow from outside the region (abroad and other regions)",
                non_negative=True,
            ),
            _c("exports", "float", "Outflow to outside the region", non_negative=True),
            _c("consumption", "float", "Apparent consumption", non_negative=True),
            _c("capacity", "float", "Production capacity", nullable=True, non_negative=True),
            _c(
                "price",
                "float",
                "Average producer price, RUB per unit",
                nullable=True,
                non_negative=True,
            ),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("product_id", "region_id", "year"),
        foreign_keys=(
            ForeignKey("product_id", "products", "product_id"),
            ForeignKey("region_id", "regions", "region_id"),
        ),
    )
)

_add(
    TableSpec(
        name="demand_drivers",
        description=(
            "Drivers of material demand (housing completed, roads built, "
            "population), history and scenario paths."
        ),
        columns=(
            _c("driver", "str", "Driver id (housing_m2, roads_km, population)"),
            _c("region_id", "str", "Region"),
            _c("year", "int", "Year", year=True),
            _c(
                "scenario",
                "str",
                "actual for history; a scenario name for paths",
                choices=SCENARIOS,
            ),
            _c("value", "float", "Value in the driver's unit", non_negative=True),
            _c("unit", "str", "Unit (mln m2, km, persons)"),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("driver", "region_id", "year", "scenario"),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
    )
)

_add(
    TableSpec(
        name="material_intensities",
        description="Product units needed per unit of a driver.",
        columns=(
            _c("product_id", "str", "Product"),
            _c("driver", "str", "Driver id"),
            _c("intensity", "float", "Product units per driver unit", non_negative=True),
            _c("low", "float", "Low end of the plausible range", non_negative=True),
            _c("high", "float", "High end of the plausible range", non_negative=True),
            _c(
                "lag_years",
                "int",
                "Years between the material delivery and the driver",
                non_negative=True,
            ),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("product_id", "driver"),
        foreign_keys=(ForeignKey("product_id", "products", "product_id"),),
    )
)

_add(
    TableSpec(
        name="major_projects",
        description="Major projects of state corporations and the largest companies.",
        columns=(
            _c("project_id", "str", "Identifier"),
            _c("name", "str", "Project"),
            _c("owner", "str", "Company or state corporation"),
            _c("kind", "str", "Kind (port, road, rail, housing, energy, industrial)"),
            _c("region_id", "str", "Region"),
            _c("lon", "float", "Longitude"),
            _c("lat", "float", "Latitude"),
            _c("start_year", "int", "Start"),
            _c("end_year", "int", "End"),
            _c("synthetic", "bool", "Quantities are illustrative"),
            _c("source", "str", "Source key in the data card"),
        ),
        key=("project_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
    )
)

_add(
    TableSpec(
        name="project_needs",
        description="Material needs of major projects by product and year, product units.",
        columns=(
            _c("project_id", "str", "Project"),
            _c("product_id", "str", "Product"),
            _c("year", "int", "Year", year=True),
            _c("quantity", "float", "Quantity, product units", non_negative=True),
        ),
        key=("project_id", "product_id", "year"),
        foreign_keys=(
            ForeignKey("project_id", "major_projects", "project_id"),
            ForeignKey("product_id", "products", "product_id"),
        ),
    )
)

_add(
    TableSpec(
        name="sites",
        description="Candidate industrial sites with their attributes.",
        columns=(
            _c("site_id", "str", "Identifier"),
            _c("name", "str", "Name"),
            _c(
                "name_ru",
                "str",
                "Name in Russian (optional; the Russian study falls back to name)",
                nullable=True,
                optional=True,
            ),
            _c("region_id", "str", "District"),
            _c("lon", "float", "Longitude"),
            _c("lat", "float", "Latitude"),
            _c("area_ha", "float", "Free area, hectares", non_negative=True),
            _c(
                "land_category",
                "str",
                "Land category",
                choices=("industrial", "agricultural", "settlement", "forest", "other"),
            ),
            _c(
                "status",
                "str",
                "existing, under_construction, planned, greenfield",
                choices=("existing", "under_construction", "planned", "greenfield"),
            ),
            _c("industrial_park", "str", "Park name, if in one", nullable=True),
            _c("rail_siding", "bool", "Rail siding on site or adjacent"),
            _c("power_mw", "float", "Free electric capacity, MW", non_negative=True),
            _c("gas", "bool", "Gas connection available"),
            _c("water", "bool", "Water supply available"),
            _c("protected_area", "bool", "Overlaps a protected natural area"),
            _c("water_protection_zone", "bool", "Inside a water-protection zone"),
            _c(
                "distance_to_housing_m",
                "float",
                "Distance to the nearest housing, m",
                non_negative=True,
            ),
            _c("synthetic", "bool", "Attributes are illustrative"),
        ),
        key=("site_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
    )
)

_add(
    TableSpec(
        name="deposits",
        description="Mineral deposits for construction materials.",
        columns=(
            _c("deposit_id", "str", "Identifier"),
            _c("name", "str", "Name"),
            _c(
                "mineral",
                "str",
                "Mineral",
                choices=(
                    "sand",
                    "sand_gravel",
                    "granite",
                    "limestone",
                    "dolomite",
                    "clay",
                    "peat",
                    "quartz_sand",
                    "diabase",
                ),
            ),
            _c("region_id", "str", "District"),
            _c("lon", "float", "Longitude"),
            _c("lat", "float", "Latitude"),
            _c("reserves_mt", "float", "Reserves, million tonnes", non_negative=True),
            _c("licensed", "bool", "Under a mining licence"),
            _c("synthetic", "bool", "Attributes are illustrative"),
        ),
        key=("deposit_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
    )
)

_add(
    TableSpec(
        name="transport_nodes",
        description="Nodes of the multimodal transport network.",
        columns=(
            _c("node_id", "str", "Identifier"),
            _c("name", "str", "Name"),
            _c(
                "kind",
                "str",
                "Kind",
                choices=("city", "district_centre", "port", "junction", "rail_station"),
            ),
            _c("region_id", "str", "Region"),
            _c("lon", "float", "Longitude"),
            _c("lat", "float", "Latitude"),
        ),
        key=("node_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
    )
)

_add(
    TableSpec(
        name="transport_links",
        description="Links of the transport network (undirected).",
        columns=(
            _c("link_id", "str", "Identifier"),
            _c("from_node", "str", "Node"),
            _c("to_node", "str", "Node"),
            _c("mode", "str", "Mode", choices=MODES),
            _c("length_km", "float", "Length, km", non_negative=True),
            _c("speed_kmh", "float", "Typical freight speed, km/h", non_negative=True),
            _c("cost_rub_per_tkm", "float", "Freight cost, RUB per tonne-km", non_negative=True),
        ),
        key=("link_id",),
        foreign_keys=(
            ForeignKey("from_node", "transport_nodes", "node_id"),
            ForeignKey("to_node", "transport_nodes", "node_id"),
        ),
    )
)

# Support measures, technologies and the input-output tables, then the optional
# tables of the needs analyses, register themselves in TABLES (in this order).
# isort: off
from regiocluster.case import schema_support  # noqa: E402,F401
from regiocluster.case import schema_needs  # noqa: E402,F401
# isort: on
