"""Optional tables of the study's "needs" questions (issue 17).

``support_programmes_international`` holds other countries' cluster and
industry support programmes (real, each with its source and the date read);
``innovation_infrastructure`` the universities, laboratories, testing and
engineering centres, incubators and colleges that serve the cluster.
Technoparks and industrial parks stay in ``sites``. Both tables are optional:
a case without them still loads, and the analyses that need them say so.
"""

from __future__ import annotations

from regiocluster.case.schema import ForeignKey, TableSpec, _add, _c

#: Instruments of support programmes.
PROGRAMME_INSTRUMENTS = (
    "grant",
    "loan",
    "tax_relief",
    "infrastructure",
    "cluster_management",
    "matchmaking",
    "label",
)

#: Kinds of innovation-infrastructure facilities.
FACILITY_KINDS = (
    "university",
    "college",
    "laboratory",
    "testing_centre",
    "engineering_centre",
    "incubator",
    "cluster_centre",
)

#: Services a facility offers the cluster's firms.
FACILITY_SERVICES = (
    "research",
    "testing",
    "certification",
    "pilot_production",
    "training",
    "engineering",
    "incubation",
)

_add(
    TableSpec(
        name="support_programmes_international",
        description="Cluster and industry support programmes of other countries, with sources.",
        columns=(
            _c("programme_id", "str", "Identifier"),
            _c("country", "str", "ISO 3166-1 alpha-2 country code, or EU"),
            _c("name_en", "str", "Name in English"),
            _c("name_local", "str", "Name in the country's language"),
            _c("operator", "str", "Who runs it"),
            _c("instrument", "str", "'|'-separated: " + ", ".join(PROGRAMME_INSTRUMENTS)),
            _c("eligible", "str", "Who is eligible"),
            _c("scale", "str", "Budget and size, as published"),
            _c("period", "str", "Years in force"),
            _c("result_reported", "str", "The result the source reports"),
            _c("source_url", "str", "Where the figures were read"),
            _c("date_read", "str", "Date the source was read (ISO 8601)"),
        ),
        key=("programme_id",),
        required=False,
        # Excel caps sheet titles at 31 characters: the workbook sheet goes by this
        aliases=("international_programmes",),
    )
)

_add(
    TableSpec(
        name="innovation_infrastructure",
        description=(
            "Universities, colleges, laboratories, testing and engineering centres, incubators "
            "and cluster centres serving the cluster (technoparks and parks are in sites)."
        ),
        columns=(
            _c("facility_id", "str", "Identifier"),
            _c("name", "str", "Name"),
            _c("name_ru", "str", "Name in Russian"),
            _c("kind", "str", "Kind of facility", choices=FACILITY_KINDS),
            _c("region_id", "str", "District or region"),
            _c("lon", "float", "Longitude, WGS 84"),
            _c("lat", "float", "Latitude, WGS 84"),
            _c("services", "str", "'|'-separated: " + ", ".join(FACILITY_SERVICES)),
            _c("product_groups", "str", "'|'-separated product groups served, or 'all'"),
            _c("provenance", "str", "real, estimate or synthetic"),
            _c("source", "str", "Source of the row"),
        ),
        key=("facility_id",),
        foreign_keys=(ForeignKey("region_id", "regions", "region_id"),),
        study_area_points=(("lon", "lat"),),
        required=False,
    )
)

_add(
    TableSpec(
        name="technology_adoption",
        description="Which organisations use which technology, since when.",
        columns=(
            _c("enterprise_id", "str", "Organisation"),
            _c("technology_id", "str", "Technology"),
            _c("since", "int", "Year the technology came into use", year=True),
        ),
        key=("enterprise_id", "technology_id"),
        foreign_keys=(
            ForeignKey("enterprise_id", "enterprises", "enterprise_id"),
            ForeignKey("technology_id", "technologies", "technology_id"),
        ),
        required=False,
    )
)
