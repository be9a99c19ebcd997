"""The study's "needs" questions on a whole case, each returning a Result.

The inputs are picked here, once, through the Case: its territory (the
market is the territory's regions taken together), its members, its year;
the market's capacity gaps come from :func:`regiocluster.market.case.outlook`
(the one memoised outlook the study and the development model also read),
site rankings from :func:`regiocluster.siting.rank_sites`, eligibility from
:func:`regiocluster.enterprises.eligible_measures`. Nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError
from regiocluster.needs.infrastructure import infrastructure_gaps
from regiocluster.needs.innovation import service_gaps, technopark_facilities
from regiocluster.needs.international import compare_instruments
from regiocluster.needs.newbuild import plant_benchmarks, recommend_plants
from regiocluster.needs.products import rank_product_needs
from regiocluster.needs.technologies import rank_technology_needs
from regiocluster.result import Figure, Result

__all__ = [
    "infrastructure_needs",
    "innovation_gaps",
    "international_experience",
    "new_enterprises",
    "product_needs",
    "small_tech_companies",
    "technology_needs",
]


def _require(case: Case, *tables: str) -> None:
    missing = [t for t in tables if t not in case.tables]
    if missing:
        raise InvalidValueError(
            "case", case.name, reason=f"it has no table {', '.join(missing)} (see the data card)"
        )


def _market(case: Case, scenario: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gaps of ``scenario`` and the territory's last balance, from the shared market outlook."""
    from regiocluster.market.case import outlook

    valid = sorted(set(case.table("demand_drivers")["scenario"]) - {"actual"})
    if scenario not in valid:
        raise InvalidValueError("scenario", scenario, valid)
    result = outlook(case, scenarios=tuple(valid))
    market, bal = result.options["region_id"], result.frames["balances"]
    now = bal[(bal["region_id"] == market) & (bal["year"] == bal["year"].max())]
    gaps = result.frames["gaps"]
    return gaps[gaps["scenario"] == scenario].reset_index(drop=True), now


def _names(case: Case, lang: str = "en") -> pd.Series:
    column = "name_ru" if lang == "ru" else "name_en"
    return case.table("products").set_index("product_id")[column]


def product_needs(
    case: Case, *, scenario: str = "base", years: tuple[int, ...] = (2030, 2035)
) -> Result:
    """Products the territory needs: capacity gaps, replaceable imports, no producer.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = product_needs(load_case("leningrad"))
    >>> bool(r.frame["need_share"].between(0, 1).all())
    True
    """
    gaps, now = _market(case, scenario)
    table = rank_product_needs(gaps, now, years=years, scenario=scenario)
    table.insert(0, "name_en", _names(case, "en").reindex(table.index))
    table.insert(1, "name_ru", _names(case, "ru").reindex(table.index))
    units = case.table("products").set_index("product_id")["unit"]
    table.insert(2, "unit", units.reindex(table.index))
    needed = table[table["need"] > 0]
    top = needed.index[0] if len(needed) else None
    figures = (
        Figure("needed_products", len(needed), "count", "Needed products", "Нужные продукты"),
        Figure(
            "products_without_producer",
            int(table["no_producer"].sum()),
            "count",
            "Products with demand and no producer",
            "Продукты со спросом и без производителя",
        ),
        Figure("top_product", top, "product", "Neediest product", "Наиболее нужный продукт"),
    )
    first = years[0]
    en = [f"{len(needed)} of {len(table)} products need new production by {first} ({scenario})."]
    ru = [f"{len(needed)} из {len(table)} продуктов требуют нового производства к {first} г."]
    if top is not None:
        row = table.loc[top]
        en.append(f"First: {row['name_en']}, {100 * row['need_share']:.0f}% of its demand.")
        ru.append(f"Первым идёт {row['name_ru'].lower()}: {100 * row['need_share']:.0f}% спроса.")
    return Result(
        "needs.products",
        frames={"products": table},
        figures=figures,
        sentences={"en": tuple(en), "ru": tuple(ru)},
        provenance=case.provenance("market_balances", "demand_drivers", "enterprise_products"),
        year=first,
        options={"scenario": scenario, "years": list(years)},
    )


def technology_needs(case: Case, *, scenario: str = "base", year: int = 2030) -> Result:
    """Technologies the cluster needs: the demand each serves and who uses it."""
    _require(case, "technologies", "technology_adoption")
    gaps, _ = _market(case, scenario)
    at = gaps[(gaps["scenario"] == scenario) & (gaps["year"] == year)]
    demand = at.groupby("product_id")["demand"].sum()
    members = case.members()
    makers = case.table("enterprise_products")
    makers = makers[makers["year"] == case.last_year("enterprise_products")]
    table = rank_technology_needs(
        case.table("technologies"), case.table("technology_adoption"), members, makers, demand
    )
    needed = table[table["needed"]]
    figures = (
        Figure(
            "needed_technologies", len(needed), "count", "Needed technologies", "Нужные технологии"
        ),
        Figure(
            "unused_technologies",
            int((table["users"] == 0).sum()),
            "count",
            "Technologies nobody in the cluster uses",
            "Технологии, которые никто не применяет",
        ),
    )
    adopt = int((needed["action"] == "adopt").sum())
    en = (
        f"{len(needed)} of {len(table)} technologies are needed: {adopt} ready to adopt, "
        f"{len(needed) - adopt} to develop.",
    )
    ru = (
        f"Нужны {len(needed)} из {len(table)} технологий: {adopt} готовы к внедрению, "
        f"{len(needed) - adopt} требуют доработки.",
    )
    return Result(
        "needs.technologies",
        frames={"technologies": table},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("technologies", "technology_adoption", "enterprises"),
        year=year,
        options={"scenario": scenario},
    )


def international_experience(case: Case, *, scenario: str = "base") -> Result:
    """Other countries' cluster support compared with the case's measures and needs."""
    _require(case, "support_programmes_international", "support_measures")
    programmes = case.table("support_programmes_international")
    products = product_needs(case, scenario=scenario).frame
    techs = technology_needs(case, scenario=scenario).frame
    needs = {
        "new_capacity": bool((products["need"] > 0).any()),
        "technology": bool(techs["needed"].any()),
        "cooperation": True,
    }
    comparison = compare_instruments(programmes, case.table("support_measures"), needs)
    lacking = comparison.index[comparison["recommend"]].tolist()
    countries = programmes["country"].nunique()
    figures = (
        Figure(
            "programmes", len(programmes), "count", "Programmes reviewed", "Рассмотрено программ"
        ),
        Figure("countries", countries, "count", "Countries", "Стран"),
        Figure(
            "instruments_missing",
            len(lacking),
            "count",
            "Instruments Russia's measures lack that serve a need",
            "Инструменты, которых нет среди мер и которые закрывают потребность",
        ),
    )
    en = (
        f"{len(programmes)} programmes from {countries} countries reviewed; the case's measures "
        f"lack {len(lacking)} instruments that serve the cluster's needs: "
        f"{', '.join(lacking) or 'none'}.",
    )
    ru = (
        f"Рассмотрено {len(programmes)} программ из {countries} стран; среди мер поддержки нет "
        f"{len(lacking)} инструментов, закрывающих потребности кластера: "
        f"{', '.join(lacking) or 'нет'}.",
    )
    return Result(
        "needs.international",
        frames={"programmes": programmes, "comparison": comparison},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("support_programmes_international", "support_measures"),
        options={"scenario": scenario},
    )


def _ranked_sites(case: Case, products: list[str]) -> dict[str, pd.DataFrame]:
    from regiocluster.siting.case import ranked

    out = {}
    for product in products:
        table = ranked(case, product).table
        out[product] = table[table["eligible"]].sort_values("rank")
    return out


def _plant_support(case: Case, plants: pd.DataFrame, year: int) -> pd.Series:
    from regiocluster.enterprises import eligible_measures

    if plants.empty:
        return pd.Series(dtype=object)
    products = case.table("products").set_index("product_id")
    gaps, now = _market(case, "base")
    price = now.set_index("product_id")["price"]
    ents = pd.DataFrame(
        {
            "enterprise_id": "NEW-" + plants["product_id"],
            "okved": products.loc[plants["product_id"], "okved"].to_numpy(),
            "region_id": plants["region_id"].to_numpy(),
        }
    )
    fin = pd.DataFrame(
        {
            "enterprise_id": ents["enterprise_id"],
            "year": year,
            "employees": plants["employees"].fillna(0).to_numpy(),
            "revenue": (
                plants["capacity"]
                * 0.85
                * price.reindex(plants["product_id"]).fillna(0).to_numpy()
                / 1e6
            ).to_numpy(),
            "investment": plants[["investment_low", "investment_high"]].mean(axis=1).to_numpy(),
        }
    )
    pairs = eligible_measures(
        ents,
        fin,
        case.table("support_measures"),
        year=year,
        members=ents["enterprise_id"],
        regions=case.tables.get("regions"),
        project_investment=fin.set_index("enterprise_id")["investment"],
    )
    ok = pairs[pairs["eligible"]]
    measures = ok.groupby("enterprise_id")["measure_id"].agg(", ".join)
    return measures.reindex(ents["enterprise_id"]).set_axis(plants.index)


def new_enterprises(
    case: Case, *, scenario: str = "base", year: int = 2030, max_raw_km: float = 50.0
) -> Result:
    """Recommend new plants where a product gap meets raw material, a site and support."""
    _require(case, "deposits", "sites", "support_measures")
    needs = product_needs(case, scenario=scenario, years=(year,)).frame
    wanted = needs.index[needs["need"] > 0].tolist()
    members = set(case.members()["enterprise_id"])
    caps = case.table("enterprise_products")
    caps = caps[caps["enterprise_id"].isin(members)]
    bench = plant_benchmarks(caps, case.table("enterprise_finances"), case.year)
    plants, left = recommend_plants(
        needs,
        case.table("products"),
        case.table("deposits"),
        _ranked_sites(case, wanted),
        bench,
        max_raw_km=max_raw_km,
    )
    if len(plants):
        plants["support_measures"] = _plant_support(case, plants, case.year)
        no_support = plants["support_measures"].isna()
        left = pd.concat(
            [
                left,
                pd.DataFrame(
                    {
                        "product_id": plants.loc[no_support, "product_id"],
                        "reason": "no support measure it qualifies for",
                    }
                ),
            ]
        )
        plants = plants[~no_support].reset_index(drop=True)
    figures = (
        Figure(
            "new_plants",
            len(plants),
            "count",
            "Recommended new plants",
            "Рекомендуемые новые предприятия",
        ),
        Figure(
            "investment_low",
            float(plants["investment_low"].sum()) if len(plants) else 0.0,
            "mln RUB",
            "Investment, low end",
            "Инвестиции, нижняя граница",
        ),
        Figure(
            "investment_high",
            float(plants["investment_high"].sum()) if len(plants) else 0.0,
            "mln RUB",
            "Investment, high end",
            "Инвестиции, верхняя граница",
        ),
    )
    en = (
        f"{len(plants)} new plants recommended for {year}; {len(left)} needed products have "
        f"no site, raw material or support that fits.",
    )
    ru = (
        f"Рекомендовано {len(plants)} новых предприятий к {year} г.; для {len(left)} нужных "
        f"продуктов не нашлось площадки, сырья или мер поддержки.",
    )
    return Result(
        "needs.new_enterprises",
        frames={"plants": plants, "not_recommended": left.reset_index(drop=True)},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance(
            "market_balances",
            "sites",
            "deposits",
            "enterprise_finances",
            "enterprise_products",
            "support_measures",
        ),
        year=year,
        options={"scenario": scenario, "max_raw_km": max_raw_km},
    )


def _producers(case: Case) -> pd.DataFrame:
    members = case.members()
    made = case.table("enterprise_products")
    made = made[made["year"] == case.last_year("enterprise_products")]
    groups = case.table("products").set_index("product_id")["group"]
    made = made.assign(group=made["product_id"].map(groups))
    first = made.sort_values("output", ascending=False).drop_duplicates("enterprise_id")
    return members.merge(first[["enterprise_id", "group"]], on="enterprise_id")


def _facilities(case: Case) -> pd.DataFrame:
    frames = [technopark_facilities(case.table("sites"))]
    if "innovation_infrastructure" in case.tables:
        frames.insert(0, case.table("innovation_infrastructure"))
    return pd.concat(frames, ignore_index=True)


def innovation_gaps(case: Case, *, radius_km: float = 100.0, scenario: str = "base") -> Result:
    """Innovation infrastructure: inventory, what members need, what is missing where."""
    _require(case, "sites")
    facilities = _facilities(case)
    techs = technology_needs(case, scenario=scenario).frame
    groups = case.table("products").set_index("product_id")["group"]
    develop = set(
        groups.reindex(techs.loc[techs["needed"] & ~techs["ready"], "product_id"].dropna())
    )
    gaps = service_gaps(facilities, _producers(case), develop_groups=develop, radius_km=radius_km)
    missing = gaps[gaps["status"] == "missing"]
    figures = (
        Figure(
            "facilities",
            len(facilities),
            "count",
            "Facilities in the inventory",
            "Объекты инфраструктуры в перечне",
        ),
        Figure("service_gaps", len(gaps), "count", "Service gaps", "Пробелы в услугах"),
        Figure(
            "firms_without_service",
            int(gaps["n_beneficiaries"].sum()) if len(gaps) else 0,
            "count",
            "Firm-service pairs left out",
            "Пары «предприятие–услуга» без доступа",
        ),
    )
    en = (
        f"{len(facilities)} facilities serve the cluster; {len(gaps)} service gaps, "
        f"{len(missing)} with no provider at all.",
    )
    ru = (
        f"Кластер обслуживают {len(facilities)} объектов; {len(gaps)} пробелов в услугах, "
        f"из них {len(missing)} без поставщика вовсе.",
    )
    return Result(
        "needs.innovation",
        frames={"gaps": gaps, "facilities": facilities},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance(
            "innovation_infrastructure", "sites", "enterprises", "enterprise_products"
        ),
        options={"radius_km": radius_km},
    )


#: OKVED divisions of technology firms, and the technologies each can supply.
TECH_SUPPLIERS: dict[str, Callable[[pd.Series], bool]] = {
    "28": lambda t: t["side"] == "production",  # machinery: production lines
    "71": lambda t: t["side"] == "demand" or int(t["trl"]) >= 7,  # engineering
    "72": lambda t: int(t["trl"]) < 9,  # R&D: technologies still maturing
    "62": lambda t: any(w in str(t["name_en"]).lower() for w in ("digital", "bim", "smart")),
}


def small_tech_companies(case: Case) -> Result:
    """Members that are small technology firms, with the technologies and support that fit them."""
    from regiocluster.enterprises.case import case_eligibility

    members = case.members()
    small = members[members["size_class"].isin(["micro", "small"])]
    division = small["okved"].astype(str).str[:2]
    firms = small[division.isin(TECH_SUPPLIERS)].assign(division=division)
    techs = case.table("technologies")
    pairs = case_eligibility(case).pairs
    ok = pairs[pairs["eligible"]].groupby("enterprise_id")["measure_id"].agg(", ".join)
    rows = []
    for firm in firms.itertuples(index=False):
        fits = techs[techs.apply(TECH_SUPPLIERS[firm.division], axis=1)]
        rows.append(
            {
                "enterprise_id": firm.enterprise_id,
                "name": firm.name,
                "okved": firm.okved,
                "size_class": firm.size_class,
                "region_id": firm.region_id,
                "technologies": ", ".join(fits["technology_id"]),
                "support_measures": ok.get(firm.enterprise_id, ""),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "enterprise_id",
            "name",
            "okved",
            "size_class",
            "region_id",
            "technologies",
            "support_measures",
        ],
    )
    figures = (
        Figure(
            "small_tech_firms",
            len(table),
            "count",
            "Small technology firms",
            "Малые технологические компании",
        ),
    )
    supported = int((table["support_measures"] != "").sum())
    en = (f"{len(table)} members are small technology firms; {supported} qualify for support.",)
    ru = (
        f"{len(table)} участников — малые технологические компании; {supported} могут "
        f"получить поддержку.",
    )
    return Result(
        "needs.small_tech",
        frames={"firms": table},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("enterprises", "enterprise_finances", "support_measures"),
        year=case.year,
    )


def infrastructure_needs(
    case: Case, *, scenario: str = "base", year: int = 2030, export_share: float = 0.2
) -> Result:
    """Infrastructure projects for the core and the new plants' sites, with beneficiaries."""
    _require(case, "sites", "transport_nodes", "transport_links")
    plants = new_enterprises(case, scenario=scenario, year=year).frames["plants"]
    members = case.members()
    core = _producers(case)
    core = core[core["enterprise_id"].isin(members["enterprise_id"]) & (core["kind"] == "producer")]
    _, now = _market(case, scenario)
    share = (now["exports"] / now["production"]).where(now["production"] > 0, 0.0)
    exporting = set(now.loc[share > export_share, "product_id"])
    groups = case.table("products").set_index("product_id")["group"]
    projects = infrastructure_gaps(
        plants,
        core,
        case.table("sites").set_index("site_id"),
        case.table("transport_nodes"),
        case.table("transport_links"),
        groups,
        exporting=exporting,
        service_gaps=innovation_gaps(case).frames["gaps"],
    )
    kinds = projects["kind"].value_counts()
    figures = (
        Figure(
            "infrastructure_projects",
            len(projects),
            "count",
            "Infrastructure projects",
            "Инфраструктурные проекты",
        ),
        Figure(
            "beneficiaries",
            int(projects["n_beneficiaries"].sum()),
            "count",
            "Beneficiaries (with repeats)",
            "Благополучатели (с повторами)",
        ),
    )
    listed = ", ".join(f"{k} {n}" for k, n in kinds.items())
    en = (f"{len(projects)} infrastructure projects: {listed or 'none'}.",)
    ru = (f"Инфраструктурных проектов: {len(projects)} ({listed or 'нет'}).",)
    return Result(
        "needs.infrastructure",
        frames={"projects": projects},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("sites", "transport_nodes", "enterprises", "market_balances"),
        year=year,
        options={"scenario": scenario, "export_share": export_share},
    )
