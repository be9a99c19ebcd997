"""GeoJSON layers (EPSG:4326) of a siting analysis: sites, chosen plants, service areas.

The layers are plain GeoJSON dictionaries (RFC 7946: longitude, latitude in
WGS 84), so they open in QGIS, Leaflet or geopandas as they are.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from shapely.geometry import MultiPoint, mapping

from regiocluster.siting.plan import PlantPlan, SiteRanking

__all__ = ["plants_geojson", "service_areas_geojson", "sites_geojson"]


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 4)
    return value


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def sites_geojson(ranking: SiteRanking) -> dict:
    """Return every site with its eligibility, criteria, scores, rank and reason."""
    columns = [c for c in ranking.table.columns if c not in ("lon", "lat")]
    features = []
    for site_id, row in ranking.table.iterrows():
        properties = {"site_id": site_id, "product_id": ranking.product_id}
        properties.update({c: _clean(row[c]) for c in columns})
        features.append(
            {
                "type": "Feature",
                "geometry": _point(row["lon"], row["lat"]),
                "properties": properties,
            }
        )
    return _collection(features)


def _plant_frame(plan: PlantPlan, sites: pd.DataFrame) -> pd.DataFrame:
    """Locations of the new sites and of the existing plants a plan keeps."""
    frame = sites.set_index("site_id") if "site_id" in sites.columns else sites
    frame = frame[["name", "lon", "lat"]].assign(status="new")
    if plan.existing_plants is not None and len(plan.existing_plants):
        old = plan.existing_plants[["name", "lon", "lat"]].assign(status="existing")
        frame = pd.concat([frame, old[~old.index.isin(frame.index)]])
    return frame


def _plants(plan: PlantPlan) -> list:
    return [*plan.sites, *plan.existing]


def plants_geojson(plan: PlantPlan, sites: pd.DataFrame) -> dict:
    """Return the chosen new plants and the existing plants kept, with the demand each serves."""
    frame = _plant_frame(plan, sites)
    served = plan.assignment.groupby("site")["tonnes"].sum()
    cost = (
        (plan.assignment["tonnes"] * plan.assignment["cost_rub_per_t"])
        .groupby(plan.assignment["site"])
        .sum()
    )
    features = []
    for site_id in _plants(plan):
        row = frame.loc[site_id]
        tonnes = float(served.get(site_id, 0.0))
        features.append(
            {
                "type": "Feature",
                "geometry": _point(row["lon"], row["lat"]),
                "properties": {
                    "site_id": site_id,
                    "name": str(row["name"]),
                    "status": str(row["status"]),
                    "product_id": plan.product_id,
                    "tonnes_served": round(tonnes, 1),
                    "mean_delivery_cost_rub_per_t": round(float(cost.get(site_id, 0.0)) / tonnes, 1)
                    if tonnes
                    else None,
                },
            }
        )
    return _collection(features)


def service_areas_geojson(plan: PlantPlan, sites: pd.DataFrame) -> dict:
    """Return each plant's service area (hull of its demand points and itself) and links."""
    frame = _plant_frame(plan, sites)
    features = []
    for site_id in _plants(plan):
        plant = frame.loc[site_id]
        served = plan.assignment[plan.assignment["site"] == site_id]
        if served.empty:
            continue
        points = [(float(plant["lon"]), float(plant["lat"]))] + list(
            zip(served["lon"].astype(float), served["lat"].astype(float), strict=True)
        )
        hull = MultiPoint(points).convex_hull
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(hull),
                "properties": {
                    "site_id": site_id,
                    "kind": "service_area",
                    "points_served": len(served),
                    "tonnes_served": round(float(served["tonnes"].sum()), 1),
                },
            }
        )
        for point_id, row in served.iterrows():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [
                            [float(plant["lon"]), float(plant["lat"])],
                            [float(row["lon"]), float(row["lat"])],
                        ],
                    },
                    "properties": {
                        "site_id": site_id,
                        "kind": "service_link",
                        "demand_point": str(point_id),
                        "name": str(row["name"]),
                        "tonnes": round(float(row["tonnes"]), 1),
                        "cost_rub_per_t": round(float(row["cost_rub_per_t"]), 1),
                    },
                }
            )
    return _collection(features)
