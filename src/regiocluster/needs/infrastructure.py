"""Infrastructure the cluster needs at its core and at the sites of new plants.

Each check compares what a place has with what its users need, and names
the users (the beneficiaries):

* **rail siding**: a plant of a bulk product (binders, aggregates, walls)
  on a site without one: bulk materials leave by rail;
* **logistics terminal**: no node with rail or sea access (a node that a
  rail or sea link of the network reaches) within ``terminal_km`` of the place;
* **port access**: an exporting product (exports above ``export_share`` of
  output) more than ``port_km`` from a port;
* **power**: the plant's electricity demand above the site's connection;
* **gas**: a kiln product (binders, walls, insulation, glass) on a site
  without gas;
* **shared facility**: a service gap from :mod:`.innovation`.

Electricity intensities: cement 104 kWh per tonne, the world average the
IEA and WBCSD Cement Sustainability Initiative report (IEA, *Technology
Roadmap: Low-Carbon Transition in the Cement Industry*, 2018, key indicators for 2014); the
other products have no cited intensity and their power need is not assessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.geo import great_circle_km

__all__ = ["BULK_GROUPS", "KILN_GROUPS", "KWH_PER_UNIT", "infrastructure_gaps"]

#: Product groups shipped in bulk (rail).
BULK_GROUPS = frozenset({"binders", "aggregates", "walls"})
#: Product groups fired in kilns or furnaces (need gas).
KILN_GROUPS = frozenset({"binders", "walls", "insulation", "finishing"})
#: Electricity per product unit, kWh (only where a source is cited above).
KWH_PER_UNIT = {"cement": 104.0, "clinker": 104.0}
#: Hours a year a plant runs at its average load.
HOURS = 8000.0


def _nearest_km(points: pd.DataFrame, nodes: pd.DataFrame) -> np.ndarray:
    if nodes.empty:
        return np.full(len(points), np.inf)
    dist = great_circle_km(
        points["lon"].to_numpy()[:, None],
        points["lat"].to_numpy()[:, None],
        nodes["lon"].to_numpy()[None, :],
        nodes["lat"].to_numpy()[None, :],
    )
    return dist.min(axis=1)


def _plant_rows(
    plants: pd.DataFrame, sites: pd.DataFrame, groups: pd.Series, exporting: set[str]
) -> list[dict]:
    rows = []
    for plant in plants.itertuples(index=False):
        site = sites.loc[plant.site_id]
        group = groups.get(plant.product_id, "")
        who = f"new {plant.product_id} plant at {plant.site}"
        if group in BULK_GROUPS and not bool(site["rail_siding"]):
            rows.append(("rail_siding", plant.site_id, f"{group} ship by rail; no siding", who))
        if group in KILN_GROUPS and not bool(site["gas"]):
            rows.append(("gas", plant.site_id, "kiln product; the site has no gas", who))
        kwh = KWH_PER_UNIT.get(plant.product_id)
        if kwh is not None:
            mw = plant.capacity * 0.85 * kwh / HOURS / 1000.0
            if mw > float(site["power_mw"]):
                rows.append(
                    (
                        "power",
                        plant.site_id,
                        f"needs {mw:.1f} MW; site has {site['power_mw']} MW",
                        who,
                    )
                )
        if plant.product_id in exporting:
            rows.append(("port_check", plant.site_id, "exporting product", who))
    return rows


def infrastructure_gaps(
    plants: pd.DataFrame,
    core: pd.DataFrame,
    sites: pd.DataFrame,
    nodes: pd.DataFrame,
    links: pd.DataFrame,
    groups: pd.Series,
    *,
    exporting: set[str] | frozenset[str] = frozenset(),
    service_gaps: pd.DataFrame | None = None,
    terminal_km: float = 30.0,
    port_km: float = 100.0,
) -> pd.DataFrame:
    """List infrastructure projects with their beneficiaries.

    Parameters
    ----------
    plants : pandas.DataFrame
        Recommended plants: ``product_id``, ``site_id``, ``site``, ``capacity``.
    core : pandas.DataFrame
        Core producers: ``enterprise_id``, ``name``, ``region_id``, ``lon``, ``lat``.
    sites : pandas.DataFrame
        ``sites`` indexed by ``site_id`` (``rail_siding``, ``gas``, ``power_mw``,
        ``lon``, ``lat``, ``region_id``).
    nodes : pandas.DataFrame
        ``transport_nodes`` (``node_id``, ``kind``, ``lon``, ``lat``).
    links : pandas.DataFrame
        ``transport_links`` (``from_node``, ``to_node``, ``mode``).
    groups : pandas.Series
        Product → product group.
    exporting : set of str
        Products exported beyond the threshold.
    service_gaps : pandas.DataFrame, optional
        :func:`~regiocluster.needs.innovation.service_gaps` output.
    terminal_km, port_km : float
        Reach of a terminal and of a port.

    Returns
    -------
    pandas.DataFrame
        ``kind``, ``place``, ``region_id``, ``reason``, ``beneficiaries``,
        ``n_beneficiaries``.
    """
    freight = links[links["mode"].isin(["rail", "sea"])]
    terminals = nodes[nodes["node_id"].isin(set(freight["from_node"]) | set(freight["to_node"]))]
    ports = nodes[nodes["kind"] == "port"]
    rows = []
    for kind, site_id, reason, who in _plant_rows(plants, sites, groups, exporting):
        place = sites.loc[[site_id]]
        if kind == "port_check":
            km = float(_nearest_km(place, ports)[0])
            if km <= port_km:
                continue
            kind, reason = "port_access", f"exporting product; nearest port {km:.0f} km"
        rows.append((kind, site_id, place["region_id"].iloc[0], reason, who, 1))
    places = pd.concat(
        [
            core.assign(place=core["enterprise_id"], who=core["name"]),
            sites.loc[plants["site_id"].unique()]
            .reset_index()
            .assign(place=lambda f: f["site_id"], who=lambda f: f["name"])
            if len(plants)
            else pd.DataFrame(columns=["place", "who", "region_id", "lon", "lat"]),
        ],
        ignore_index=True,
    )
    far = places[_nearest_km(places, terminals) > terminal_km] if len(places) else places
    for district, group in far.groupby("region_id"):
        rows.append(
            (
                "logistics_terminal",
                district,
                district,
                f"no rail or sea freight node within {terminal_km:.0f} km",
                ", ".join(sorted(group["who"].astype(str))),
                len(group),
            )
        )
    for gap in (service_gaps if service_gaps is not None else pd.DataFrame()).itertuples():
        rows.append(
            (
                "shared_facility",
                f"{gap.service}: {gap.group}",
                gap.districts,
                f"{gap.service} for {gap.group} {gap.status}",
                gap.beneficiaries,
                gap.n_beneficiaries,
            )
        )
    columns = ["kind", "place", "region_id", "reason", "beneficiaries", "n_beneficiaries"]
    return pd.DataFrame(rows, columns=columns)
