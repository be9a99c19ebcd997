"""The "Smart House" demonstration project's bill of materials: cost, origin, versions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.programme._result import Figure, ProgrammeError, ProgrammeResult

__all__ = ["BOM_COLUMNS", "BomSummary", "bom_compare", "bom_summary"]

BOM_COLUMNS = ("item", "quantity", "unit", "unit_price", "supplier", "cluster_made", "imported")


def _lines(lines: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in BOM_COLUMNS if c not in lines.columns]
    if missing:
        raise ProgrammeError(f"bill of materials: missing columns {', '.join(missing)}")
    out = lines.copy()
    for col in ("quantity", "unit_price"):
        values = pd.to_numeric(out[col], errors="coerce")
        bad = out[~(values >= 0)]
        if len(bad):
            raise ProgrammeError(
                f"bill of materials, item {bad['item'].iloc[0]!r}: {col} must be a "
                f"non-negative number, got {bad[col].iloc[0]!r}"
            )
        out[col] = values
    both = out[out["cluster_made"].astype(bool) & out["imported"].astype(bool)]
    if len(both):
        raise ProgrammeError(
            f"bill of materials, item {both['item'].iloc[0]!r}: cannot be both made in the "
            "cluster and imported"
        )
    out["cost"] = out["quantity"] * out["unit_price"]
    return out


@dataclass(frozen=True)
class BomSummary(ProgrammeResult):
    """Cost and origin of a bill of materials.

    Attributes
    ----------
    frames : dict
        ``lines`` (with ``cost``) and ``suppliers`` (cost and items per supplier).
    cost : float
        Total cost.
    cluster_share, imported_share : float
        Shares of the cost made by cluster members and imported, in per cent
        (NaN for an empty bill).
    """

    name: str = "programme.bom"

    cost: float = 0.0
    cluster_share: float = float("nan")
    imported_share: float = float("nan")


def bom_summary(lines: pd.DataFrame) -> BomSummary:
    """Sum a bill of materials.

    Parameters
    ----------
    lines : DataFrame
        :data:`BOM_COLUMNS`: item, quantity, unit, unit price (RUB per unit),
        supplier (empty for none), made in the cluster, imported.

    Returns
    -------
    BomSummary
        Shares are by cost.
    """
    table = _lines(lines)
    cost = float(table["cost"].sum())
    cluster = float(table.loc[table["cluster_made"].astype(bool), "cost"].sum())
    imported = float(table.loc[table["imported"].astype(bool), "cost"].sum())
    cluster_share = 100.0 * cluster / cost if cost > 0 else float("nan")
    imported_share = 100.0 * imported / cost if cost > 0 else float("nan")
    suppliers = (
        table[table["supplier"].fillna("").astype(str) != ""]
        .groupby("supplier", as_index=False)
        .agg(cost=("cost", "sum"), items=("item", "count"))
        .sort_values(["cost", "supplier"], ascending=[False, True], ignore_index=True)
    )
    figures = (
        Figure("cost", cost, "RUB", "Cost of materials", "Стоимость материалов"),
        Figure(
            "cluster_share", cluster_share, "%", "Made in the cluster", "Произведено в кластере"
        ),
        Figure("imported_share", imported_share, "%", "Imported", "Импорт"),
        Figure("suppliers", float(len(suppliers)), "", "Suppliers", "Поставщики"),
    )
    return BomSummary(
        figures=figures,
        frames={"lines": table, "suppliers": suppliers},
        cost=cost,
        cluster_share=cluster_share,
        imported_share=imported_share,
    )


def bom_compare(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Compare two versions of a bill of materials item by item.

    Returns
    -------
    DataFrame
        Per item: ``quantity_old``, ``quantity_new``, ``cost_old``,
        ``cost_new``, ``cost_change`` and ``change`` (``added``, ``removed``,
        ``changed`` or ``same``), items in either version.
    """
    a = _lines(old).groupby("item")[["quantity", "cost"]].sum()
    b = _lines(new).groupby("item")[["quantity", "cost"]].sum()
    table = a.join(b, how="outer", lsuffix="_old", rsuffix="_new")
    change = pd.Series("changed", index=table.index, dtype=object)
    change[table["quantity_old"].isna()] = "added"
    change[table["quantity_new"].isna()] = "removed"
    same = (table["quantity_old"] == table["quantity_new"]) & (
        table["cost_old"] == table["cost_new"]
    )
    change[same] = "same"
    table = table.fillna(0.0)
    table["cost_change"] = table["cost_new"] - table["cost_old"]
    table["change"] = change
    return table.reset_index()
