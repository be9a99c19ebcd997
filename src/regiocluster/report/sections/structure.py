"""Chapter 9 — structure, boundaries, core and infrastructure."""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.geo import points_geojson, schematic_areas
from regiocluster.report.compose import classifier_names, findings_of, named, top
from regiocluster.report.model import N_, Chapter, Column, Finding, Map, MapLayer, Table
from regiocluster.report.registry import provided, register_chapter
from regiocluster.report.results import ResultBook
from regiocluster.report.sections.members import ROLE_NAMES, cooperation_links, structure
from regiocluster.result import Result

KEY = "structure"
ROLE_COLOURS = {
    "core_producer": "#d62728",
    "raw_material_supplier": "#8c564b",
    "equipment_service_supplier": "#9467bd",
    "trade": "#17becf",
    "customer": "#1f77b4",
    "research": "#2ca02c",
    "education": "#bcbd22",
    "finance": "#7f7f7f",
    "logistics": "#ff7f0e",
    "management": "#000000",
}


def district_layer(case: Case) -> MapLayer | None:
    """Return the case's districts as (schematic) areas: the maps' base layer, no tiles needed."""
    regions = case.tables["regions"]
    districts = regions[regions["region_id"].isin(case.territory.districts)]
    if len(districts) < 3:
        return None
    bbox = case.meta.get("study_bbox")
    if bbox is None:
        return None
    extent = pd.concat(
        [case.tables[t][["lon", "lat"]] for t in ("enterprises", "sites") if t in case.tables]
        + [districts[["lon", "lat"]]]
    )
    areas = schematic_areas(districts, bbox, extent_points=extent)
    return MapLayer(
        N_("Districts (schematic areas)"),
        areas,
        colour="#6b7c8f",
        label_field="name_{lang}",
        area=True,
    )


def members_map(case: Case, members: pd.DataFrame, *, illustrative: bool) -> Map:
    """Members by role on the district layer."""
    layers = [layer] if (layer := district_layer(case)) else []
    for role, colour in ROLE_COLOURS.items():
        rows = members[members["role"] == role]
        if rows.empty:
            continue
        layers.append(
            MapLayer(
                ROLE_NAMES[role],
                points_geojson(rows, properties=["name", "okved"]),
                colour=colour,
                popup_fields=("name", "okved"),
                radius=4 if role != "management" else 7,
            )
        )
    return Map(
        f"{KEY}.members_map",
        N_("Members by role"),
        layers,
        note=N_(
            "District areas are schematic (Voronoi cells around district centres), not legal "
            "boundaries."
        ),
        illustrative=illustrative,
    )


@register_chapter(key=KEY, title=N_("Structure, boundaries, core and infrastructure"), order=90)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 9: the core, the industries inside the boundary, the members map."""
    result = structure(case, book)
    links = cooperation_links(case, book)
    members = result.frames["members"]
    industries = result.frames["industries"].copy()
    names = classifier_names(case, "industries", "okved")
    industries["name"] = named(industries, "okved", names)
    findings = [
        Finding(
            "The core holds {core} of the {n} members: the most connected producers by the "
            "value of their supply links.",
            {"core": book.ref(result, "core_size"), "n": book.ref(result, "members")},
        ),
        Finding(
            "Members are joined by {links} supply links.",
            {
                "links": book.cell(
                    links,
                    "links",
                    len(links.frames["links"]),
                    "count",
                    label="Supply links among members",
                )
            },
        ),
    ]
    for row in top(industries, "members", 1).itertuples():
        count = book.cell(
            result,
            f"industry.{row.okved}.members",
            int(row.members),
            "count",
            label="Members in the industry",
        )
        findings.append(
            Finding(
                "The largest industry inside the boundary is {industry} with {n} members.",
                {"industry": row.name, "n": count},
            )
        )
    infra = members[members["role_group"] == "infrastructure"]
    infra_count = book.cell(
        result,
        "infrastructure_members",
        len(infra),
        "count",
        label="Supporting institutions among members",
    )
    findings.append(
        Finding(
            "{n} members are supporting institutions: research, education, finance, logistics"
            " and management.",
            {"n": infra_count},
        )
    )
    extra = provided(KEY, case)
    findings += findings_of(case, book, extra)
    blocks = _blocks(case, result, industries)
    return Chapter(
        KEY,
        N_("Structure, boundaries, core and infrastructure"),
        findings=findings,
        blocks=blocks,
        intro=N_(
            "The boundary takes the industries of the construction-materials chain and the "
            "territory of the cluster's regions; the core is found by a core-periphery test "
            "on the supply links against a null model."
        ),
        pending=""
        if extra
        else N_(
            "The infrastructure the cluster needs (transport, utilities, logistics, shared "
            "facilities) is being added; this chapter shows it when it is available."
        ),
        illustrative=result.illustrative,
    )


def _blocks(case: Case, result: Result, industries: pd.DataFrame) -> list:
    """Return the members map, the core table and the industries table."""
    members = result.frames["members"]
    core = members[members["core"]].sort_values("strength", ascending=False).copy()
    core["role_name"] = core["role"].map(lambda r: ROLE_NAMES.get(r, r))
    core["region"] = named(core, "region_id", classifier_names(case, "regions", "region_id"))
    return [
        members_map(case, members, illustrative=result.illustrative),
        Table(
            f"{KEY}.core",
            N_("Core members by the value of their supply links"),
            (
                Column("name", N_("Member"), "name"),
                Column("role_name", N_("Role"), "message"),
                Column("region", N_("District"), "name"),
                Column("strength", N_("Supply links, value"), "number", unit="mln_rub"),
            ),
            core,
            illustrative=result.illustrative,
        ),
        Table(
            f"{KEY}.industries",
            N_("Industries inside the cluster's boundary"),
            (
                Column("okved", N_("OKVED code"), "text"),
                Column("name", N_("Industry"), "name"),
                Column("members", N_("Members"), "int"),
            ),
            industries.sort_values("members", ascending=False),
            limit=20,
            illustrative=result.illustrative,
        ),
    ]
