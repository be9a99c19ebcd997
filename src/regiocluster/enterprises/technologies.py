"""Technologies: how well each fits the cluster, and who could adopt it.

A technology fits the cluster when (1) enterprises of its industry are
present to use it, (2) there is demand for its product — the territory's
consumption is growing or major projects need it — and (3) it is ready: a
technology readiness level of 7 or more (a prototype demonstrated in an
operational environment) makes it a near-term option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from regiocluster.case.codes import covers
from regiocluster.case.territory import Territory

__all__ = ["TechnologyFit", "technology_fit"]

_DEFAULT_WEIGHTS = {"presence": 0.4, "demand": 0.4, "readiness": 0.2}


@dataclass(frozen=True)
class TechnologyFit:
    """Fit of each technology to the cluster, and candidate adopters.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per technology, best fit first: ``technology_id``,
        ``name_en``, ``side``, ``okved``, ``product_id``, ``trl``,
        ``producers`` (member enterprises in its OKVED), ``makers`` (members
        making its product), ``consumption``, ``growth``, ``pipeline``
        (mean yearly project need over the horizon), ``presence``,
        ``demand``, ``readiness`` (components in [0, 1]), ``near_term``
        (TRL ≥ threshold), ``fit`` (0-100) and ``reasons``.
    candidates : pandas.DataFrame
        Production technologies × enterprises that could adopt them:
        ``technology_id``, ``enterprise_id``, ``okved``, ``makes_product``,
        ``capacity``, ``modernisation_score`` (if given), ``rank`` and ``reason``.
    year : int
        Year of the demand figures.
    """

    scores: pd.DataFrame
    candidates: pd.DataFrame
    year: int


def _covered(code: str, prefix: str) -> bool:
    return covers(str(prefix), str(code))


def technology_fit(
    technologies: pd.DataFrame,
    enterprises: pd.DataFrame,
    *,
    enterprise_products: pd.DataFrame | None = None,
    project_needs: pd.DataFrame | None = None,
    market_balances: pd.DataFrame | None = None,
    members: Iterable[str] | None = None,
    territory: Iterable[str],
    regions: pd.DataFrame | None = None,
    year: int | None = None,
    horizon: int = 5,
    near_term_trl: int = 7,
    presence_full: int = 3,
    modernisation: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    unmeasured_demand: float = 0.5,
) -> TechnologyFit:
    r"""Score each technology's fit to the cluster with reasons; list candidate adopters.

    Components, each in [0, 1]:

    - presence :math:`= \min(1, n / n_{full})`, ``n`` the cluster's members
      whose main OKVED falls under the technology's OKVED (``n_full`` = 3);
    - demand :math:`= \tfrac12\,\mathrm{clip}((g + 0.2)/0.4, 0, 1) +
      \tfrac12\,\mathrm{clip}(q / 0.2, 0, 1)`, with ``g`` the growth of the
      territory's consumption of the product over ``horizon`` years to
      ``year`` and ``q`` the mean yearly need of major projects over the next
      ``horizon`` years as a share of that consumption (missing when the
      technology names no product or there are no balances, it counts as
      ``unmeasured_demand``, 0.5 — neither for nor against);
    - readiness = 1 when TRL ≥ ``near_term_trl``, otherwise 0.25.

    fit :math:`= 100 \sum_k a_k c_k / \sum_k a_k`, weights ``a`` presence 0.4,
    demand 0.4, readiness 0.2.

    Parameters
    ----------
    technologies : pandas.DataFrame
        ``technologies`` table (``technology_id``, ``side``, ``okved``,
        ``product_id``, ``trl``; ``name_en`` if present).
    enterprises : pandas.DataFrame
        ``enterprises`` (``enterprise_id``, ``okved``, ``region_id``).
    enterprise_products, project_needs, market_balances : pandas.DataFrame, optional
        Case tables for makers, the project pipeline and consumption.
    members : iterable of str, optional
        The cluster's members; default every enterprise in the territory.
    territory : iterable of str
        Regions of the cluster (districts count through ``regions``).
    regions : pandas.DataFrame, optional
        ``regions`` table.
    year : int, optional
        Year of the demand figures (default: the last year of the balances).
    horizon : int
        Years of consumption growth behind and of project needs ahead.
    near_term_trl : int
        TRL from which a technology counts as near-term.
    presence_full : int
        Members in the OKVED at which presence reaches 1.
    modernisation : pandas.DataFrame, optional
        Output of :func:`~regiocluster.enterprises.modernisation_needs`; ranks
        candidate adopters by their need to modernise.
    weights : mapping, optional
        Weights of ``presence``, ``demand`` and ``readiness``.
    unmeasured_demand : float
        Demand component of a technology whose demand cannot be measured.

    Returns
    -------
    TechnologyFit

    References
    ----------
    Mankins, J. C. (1995). *Technology Readiness Levels*. NASA white paper;
    European Commission (2014), Horizon 2020 General Annexes, G (TRL scale).
    """
    weights = {**_DEFAULT_WEIGHTS, **(dict(weights) if weights else {})}
    ctx = _context(enterprises, enterprise_products, project_needs, market_balances,
                   members=members, territory=tuple(territory), regions=regions, year=year,
                   horizon=horizon)  # fmt: skip
    year = ctx.year
    need_by_firm = (
        modernisation.set_index("enterprise_id")["score"] if modernisation is not None else None
    )
    rows, candidate_rows = [], []
    for tech in technologies.itertuples(index=False):
        product = tech.product_id if isinstance(tech.product_id, str) and tech.product_id else None
        in_okved = ctx.firms[ctx.firms["okved"].map(lambda c, p=tech.okved: _covered(c, p))]
        makes = ctx.makers[ctx.makers["product_id"] == product] if product else ctx.makers.iloc[:0]
        n = len(in_okved)
        why = [f"{n} member(s) in OKVED {tech.okved}" if n else f"no member in OKVED {tech.okved}"]
        if product:
            why.append(f"{makes['enterprise_id'].nunique()} member(s) make {product}")
        consumption, growth, pipe, demand = _demand(product, ctx, horizon, why)
        if pd.isna(demand):
            demand = unmeasured_demand
            why[-1] += f": demand not measured (counted as {unmeasured_demand:g})"
        near = int(tech.trl) >= near_term_trl
        why.append(
            f"TRL {int(tech.trl)} ≥ {near_term_trl}: near-term"
            if near
            else f"TRL {int(tech.trl)} < {near_term_trl}: pilot stage"
        )
        parts = {
            "presence": min(1.0, n / presence_full),
            "demand": demand,
            "readiness": 1.0 if near else 0.25,
        }
        known = {k: v for k, v in parts.items() if pd.notna(v)}
        fit = 100 * sum(weights[k] * v for k, v in known.items()) / sum(weights[k] for k in known)
        rows.append(
            {
                "technology_id": tech.technology_id,
                "name_en": getattr(tech, "name_en", tech.technology_id),
                "side": tech.side,
                "okved": tech.okved,
                "product_id": product,
                "trl": int(tech.trl),
                "producers": n,
                "makers": int(makes["enterprise_id"].nunique()),
                "consumption": consumption,
                "growth": growth,
                "pipeline": pipe,
                **parts,
                "near_term": near,
                "fit": fit,
                "reasons": "; ".join(why),
            }
        )
        if tech.side == "production":
            candidate_rows += _adopters(tech, product, in_okved, makes, need_by_firm)
    scores, candidates = _tables(rows, candidate_rows)
    return TechnologyFit(
        scores=scores,
        candidates=candidates,
        year=int(year),
    )


@dataclass(frozen=True)
class _Context:
    firms: pd.DataFrame
    balances: pd.Series | None
    year: int
    makers: pd.DataFrame
    pipeline: pd.Series


def _context(
    enterprises: pd.DataFrame,
    enterprise_products: pd.DataFrame | None,
    project_needs: pd.DataFrame | None,
    market_balances: pd.DataFrame | None,
    *,
    members: Iterable[str] | None,
    territory: tuple[str, ...],
    regions: pd.DataFrame | None,
    year: int | None,
    horizon: int,
) -> _Context:
    """Members in the territory, the territory's consumption, makers and project pipeline."""
    firms = enterprises[Territory.of(territory, regions).contains_all(enterprises["region_id"])]
    if members is not None:
        firms = firms[firms["enterprise_id"].isin(set(members))]
    balances = None
    if market_balances is not None and len(market_balances):
        balances = market_balances[market_balances["region_id"].isin(territory)]
        balances = balances.groupby(["product_id", "year"])["consumption"].sum()
    if year is None:
        year = int(balances.index.get_level_values("year").max()) if balances is not None else 0
    makers = pd.DataFrame(columns=["enterprise_id", "product_id", "capacity"])
    if enterprise_products is not None and len(enterprise_products):
        ep = enterprise_products[enterprise_products["enterprise_id"].isin(firms["enterprise_id"])]
        ep = ep[ep["year"] <= year] if year else ep
        last = ep.sort_values("year").groupby(["enterprise_id", "product_id"]).tail(1)
        makers = last[last["capacity"] > 0][["enterprise_id", "product_id", "capacity"]]
    pipeline = pd.Series(dtype=float)
    if project_needs is not None and len(project_needs):
        ahead = project_needs[
            (project_needs["year"] > year) & (project_needs["year"] <= year + horizon)
        ]
        pipeline = ahead.groupby("product_id")["quantity"].sum() / horizon
    return _Context(firms, balances, int(year), makers, pipeline)


def _demand(
    product: str | None, ctx: _Context, horizon: int, why: list[str]
) -> tuple[float, float, float, float]:
    """Consumption, its growth, the yearly project need and the demand component."""
    year, balances = ctx.year, ctx.balances
    consumption = growth = pipe = demand = np.nan
    if product and balances is not None and (product, year) in balances.index:
        consumption = float(balances[(product, year)])
        before = balances.get((product, year - horizon), np.nan)
        if pd.notna(before) and before > 0:
            growth = consumption / float(before) - 1
        pipe = float(ctx.pipeline.get(product, 0.0))
        share = pipe / consumption if consumption > 0 else np.nan
        g_part = np.clip((growth + 0.2) / 0.4, 0, 1) if pd.notna(growth) else np.nan
        q_part = np.clip(share / 0.2, 0, 1) if pd.notna(share) else np.nan
        known_parts = [v for v in (g_part, q_part) if pd.notna(v)]
        demand = float(np.mean(known_parts)) if known_parts else np.nan
        if pd.notna(growth):
            why.append(f"consumption of {product} {growth:+.1%} over {year - horizon}–{year}")
        if pipe > 0:
            why.append(
                f"major projects need {pipe:,.0f} a year in {year + 1}–{year + horizon} "
                f"({share:.0%} of consumption)"
            )
        else:
            why.append(f"no major-project need in {year + 1}–{year + horizon}")
    elif product:
        why.append(f"no market balance for {product} in {year}")
    else:
        why.append("no product named")
    return consumption, growth, pipe, demand


def _adopters(
    tech: Any,
    product: str | None,
    in_okved: pd.DataFrame,
    makes: pd.DataFrame,
    need_by_firm: pd.Series | None,
) -> list[dict[str, Any]]:
    """Members of the OKVED that make the product (all of the OKVED without one)."""
    pool = in_okved
    if product:
        pool = pool[pool["enterprise_id"].isin(makes["enterprise_id"])]
    capacity = makes.groupby("enterprise_id")["capacity"].sum()
    out = []
    for firm in pool.itertuples(index=False):
        score = (
            float(need_by_firm.get(firm.enterprise_id, np.nan))
            if need_by_firm is not None
            else np.nan
        )
        reason = f"OKVED {firm.okved}"
        if product:
            reason += f"; makes {product} (capacity {capacity.get(firm.enterprise_id, 0):,.0f})"
        if pd.notna(score):
            reason += f"; modernisation score {score:.0f}"
        out.append(
            {
                "technology_id": tech.technology_id,
                "enterprise_id": firm.enterprise_id,
                "okved": firm.okved,
                "makes_product": bool(product),
                "capacity": float(capacity.get(firm.enterprise_id, np.nan)),
                "modernisation_score": score,
                "reason": reason,
            }
        )
    return out


def _tables(rows: list[dict], candidate_rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores best first; candidates ranked within each technology."""
    scores = pd.DataFrame(rows)
    if len(scores):
        scores = scores.sort_values(["fit", "technology_id"], ascending=[False, True])
    cand_cols = [
        "technology_id", "enterprise_id", "okved", "makes_product", "capacity",
        "modernisation_score", "rank", "reason",
    ]  # fmt: skip
    candidates = pd.DataFrame(candidate_rows, columns=[c for c in cand_cols if c != "rank"])
    if len(candidates):
        candidates = candidates.sort_values(
            ["technology_id", "modernisation_score", "capacity", "enterprise_id"],
            ascending=[True, False, False, True],
            na_position="last",
        )
        candidates["rank"] = candidates.groupby("technology_id").cumcount() + 1
    else:
        candidates["rank"] = pd.Series(dtype=int)
    return scores.reset_index(drop=True), candidates[cand_cols].reset_index(drop=True)
