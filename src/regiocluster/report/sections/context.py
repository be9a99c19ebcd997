"""Blocks the committee expects beside the chapters' findings: context and evidence.

The product space and complexity ranking (``trade.complexity``), the world
trade context (``market.world_context``), the material intensities the
demand forecast uses (``market.outlook``) and the sites excluded from
siting with the reason for each (``siting.rankings``). Each is a core
Result rendered here; nothing is computed.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.market.case import world
from regiocluster.report.compose import country_name, product_names, region_names, site_names
from regiocluster.report.i18n import LANGS, Localizer
from regiocluster.report.model import N_, Column, Finding, Name, Number, Table
from regiocluster.report.results import ResultBook
from regiocluster.result import Result
from regiocluster.siting import rules_for
from regiocluster.trade.case import complexity

#: Opportunities of the product space shown in the study (all go to the XLSX annex).
OPPORTUNITIES = 12

DRIVER_NAMES = {
    "housing_m2": N_("m² of housing completed"),
    "housing_apartment_m2": N_("m² of apartment buildings completed"),
    "housing_individual_m2": N_("m² of individual houses completed"),
    "roads_km": N_("km of roads built"),
    "population": N_("resident"),
}
LAND_NAMES = {
    "industrial": N_("industrial"),
    "agricultural": N_("agricultural"),
    "settlement": N_("settlement"),
    "forest": N_("forest"),
    "other": N_("other"),
}
SITE_KIND_NAMES = {
    "industrial_park": N_("an industrial park"),
    "industrial_zone": N_("an industrial zone"),
    "greenfield": N_("a greenfield site"),
    "technopark": N_("a technopark"),
}
#: Exclusion code of ``siting.screen_sites`` → the reason's message.
EXCLUSIONS = {
    "land_category": N_("{land} land (needs transfer to industrial land)"),
    "area": N_("{area} free, {needed} needed"),
    "protected_area": N_("inside a specially protected natural area"),
    "water_protection_zone": N_("inside a water protection zone"),
    "housing": N_("housing {distance} away, inside the {zone} sanitary zone"),
    "hazard_class": N_("{kind} does not take a plant of hazard class {hazard}"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def bilingual(message: str, args: dict | None = None) -> Name:
    """Return a message rendered in every language, as a Name (a table cell)."""
    texts = {lang: Localizer(lang).text(message, dict(args or {})) for lang in LANGS}
    return Name(message, texts["en"], texts["ru"])


def product_space(case: Case, book: ResultBook) -> tuple[list[Finding], list[Table]]:
    """Return the country's place in the product space: ECI rank, diversification chances."""
    result = book.add(book.once("trade.complexity", lambda: complexity(case)))
    country = country_name(str(result.options["country"]))
    findings = [
        Finding(
            "{country} ranks {rank} of {n} countries by economic complexity (ECI {eci}).",
            {
                "country": country,
                "rank": book.ref(result, "eci_rank"),
                "n": book.ref(result, "countries"),
                "eci": book.ref(result, "eci"),
            },
        )
    ]
    chain = {str(h): n for h, n in _hs_products(case).items()}
    opp = result.frames["opportunities"].copy()
    opp["product"] = [chain.get(str(h), Name(str(h), f"HS {h}", f"ТН ВЭД {h}")) for h in opp["hs"]]
    ranking = result.frames["ranking"].copy()
    ranking["country"] = ranking["reporter"].map(lambda c: country_name(str(c)))
    tables = [
        Table(
            "members.product_space",
            N_("Product space: products the country could diversify into, by opportunity"),
            (
                Column("product", N_("Product"), "name"),
                Column("density", N_("Density (closeness to present exports)"), "number", digits=3),
                Column("pci", N_("Product complexity (PCI)"), "number", digits=2),
                Column("cog", N_("Opportunity gain (COG)"), "number", digits=2),
                Column("rca", N_("Revealed comparative advantage"), "number", digits=2),
            ),
            opp,
            limit=OPPORTUNITIES,
            note=N_(
                "Products the country does not export with a revealed comparative advantage, "
                "ranked by density and opportunity gain (Hausmann, Hidalgo et al., the Atlas of "
                "Economic Complexity)."
            ),
            illustrative=result.illustrative,
        ),
        Table(
            "members.complexity_ranking",
            N_("Economic complexity ranking of the countries in the trade data"),
            (
                Column("rank", N_("Rank"), "int"),
                Column("country", N_("Country"), "name"),
                Column("eci", N_("Economic complexity index (ECI)"), "number", digits=2),
                Column("diversity", N_("Products exported with RCA ≥ 1"), "int"),
            ),
            ranking,
            limit=10,
            illustrative=result.illustrative,
        ),
    ]
    return findings, tables


def _hs_products(case: Case) -> dict[str, Name]:
    products = case.tables["products"]
    out = {}
    for hs, group in products.groupby(products["hs"].astype(str)):
        ru = " / ".join(group["name_ru"].fillna(""))
        out[hs] = Name(hs, " / ".join(group["name_en"]), ru)
    return out


def world_table(case: Case, book: ResultBook) -> tuple[list[Finding], Table]:
    """Return the regions and their country in world trade in the chain's products."""
    result = book.add(book.once("market.world_context", lambda: world(case)))
    names = product_names(case)
    regions = region_names(case)
    country = str(result.options["country"])
    frame = result.frames["context"].copy()
    frame["product"] = [
        Name(p, " / ".join(names[x].en for x in p.split("/")),
             " / ".join(names[x].ru or names[x].en for x in p.split("/")))
        for p in frame["product_id"]
    ]  # fmt: skip
    frame["reporter_name"] = [
        country_name(r) if r == country else regions.get(r, Name(r, r, r))
        for r in frame["reporter"]
    ]
    frame = frame.sort_values(["reporter", "exports"], ascending=[True, False])
    findings = [
        Finding(
            "{country}'s largest share of world exports in the chain's products is {share}.",
            {"country": country_name(country), "share": book.ref(result, "country_world_share")},
        )
    ]
    table = Table(
        "market.world_context",
        N_("The regions and the country in world trade, last year of the trade data"),
        (
            Column("product", N_("Product"), "name"),
            Column("reporter_name", N_("Exporter"), "name"),
            Column("exports", N_("Exports"), "number", unit="usd_k"),
            Column("imports", N_("Imports"), "number", unit="usd_k"),
            Column("world_share", N_("Share of world exports, %"), "share"),
            Column("country_share", N_("Share of the country's exports, %"), "share"),
            Column("export_growth", N_("Export growth a year, %"), "share"),
        ),
        frame,
        limit=20,
        illustrative=result.illustrative,
    )
    return findings, table


def intensities_table(case: Case, outlook: Result) -> Table:
    """Material intensities the demand forecast uses (cement per m² of housing and so on)."""
    names = product_names(case)
    units = case.tables["products"].set_index("product_id")["unit"]
    frame = outlook.frames["intensities"].copy()
    frame["product"] = [names[p] for p in frame["product_id"]]
    frame["driver_name"] = [DRIVER_NAMES.get(d, d) for d in frame["driver"]]
    frame["unit"] = frame["product_id"].map(units)
    frame = frame.sort_values(["product_id", "driver"])
    return Table(
        "market.intensities",
        N_("Construction intensities: material per unit of construction"),
        (
            Column("product", N_("Product"), "name"),
            Column("unit", N_("Unit of the product"), "plainunit"),
            Column("driver_name", N_("Per"), "message"),
            Column("intensity", N_("Intensity used"), "number", digits=3),
            Column("low", N_("Low"), "number", digits=3),
            Column("high", N_("High"), "number", digits=3),
        ),
        frame,
        limit=None,
        note=N_(
            "Units of the product per unit of the driver (for cement: tonnes per m² of housing "
            "completed); low and high bound the intensity's uncertainty in the demand intervals."
        ),
        illustrative=outlook.illustrative,
    )


def excluded_sites(case: Case, rankings: Result, product_id: str) -> tuple[Table, int]:
    """Sites the hard constraints exclude for ``product_id``, each with its reasons."""
    table = rankings.frames[product_id]
    out = table[~table["eligible"]]
    rules = rules_for(product_id)
    sites = case.tables["sites"].set_index("site_id")
    names = site_names(case)
    regions = region_names(case)
    rows = []
    for site_id, row in out.iterrows():
        attrs = sites.loc[site_id]
        reasons = [
            bilingual(EXCLUSIONS[code], _exclusion_args(code, attrs, row, rules))
            for code in str(row["exclusion_codes"]).split(";")
            if code in EXCLUSIONS
        ]
        rows.append(
            {
                "site": names[str(site_id)],
                "district": regions.get(str(attrs["region_id"]), Name("", "–", "–")),
                "reason": Name(
                    str(row["exclusion_codes"]),
                    "; ".join(r.en for r in reasons),
                    "; ".join(r.ru for r in reasons),
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=["site", "district", "reason"])
    return (
        Table(
            "siting.excluded",
            N_("Sites excluded for cement by the hard constraints, and why"),
            (
                Column("site", N_("Site"), "name"),
                Column("district", N_("District"), "name"),
                Column("reason", N_("Reason"), "name"),
            ),
            frame,
            limit=None,
            illustrative=rankings.illustrative,
        ),
        len(frame),
    )


def _exclusion_args(code: str, attrs: pd.Series, row: pd.Series, rules) -> dict:
    if code == "land_category":
        return {"land": LAND_NAMES.get(str(attrs["land_category"]), str(attrs["land_category"]))}
    if code == "area":
        return {
            "area": Number("", float(attrs["area_ha"]), "ha"),
            "needed": Number("", float(rules.min_area_ha), "ha"),
        }
    if code == "housing":
        return {
            "distance": Number("", float(attrs["distance_to_housing_m"]), "m"),
            "zone": Number("", float(rules.sanitary_distance_m), "m"),
        }
    if code == "hazard_class":
        kind = str(row["site_kind"])
        return {
            "kind": SITE_KIND_NAMES.get(kind, kind),
            "hazard": ROMAN.get(rules.hazard_class, str(rules.hazard_class)),
        }
    return {}
