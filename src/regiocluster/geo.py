"""Geometry helpers shared by analyses and clients: distance, GeoJSON, schematic areas.

No openly licensed boundaries of Leningrad Oblast's districts were found,
so the embedded case draws **schematic** district areas: Voronoi cells of the
district centres clipped to the study area. They are labelled schematic
wherever they are shown; a user imports real boundaries to replace them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, box, mapping

#: Mean Earth radius (IUGG), km: the one radius every distance in the package uses.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    """Great-circle (haversine) distance in kilometres between WGS 84 points.

    Broadcasts like numpy: scalars give a float, arrays an array.

    References
    ----------
    Sinnott, R. W. (1984). Virtues of the haversine. *Sky and Telescope*, 68(2), 159.

    Examples
    --------
    >>> round(great_circle_km(30.3141, 59.9386, 37.6156, 55.7522))  # St Petersburg - Moscow
    634
    """
    x1, y1, x2, y2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(km) if np.ndim(km) == 0 else km


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def points_geojson(
    frame: pd.DataFrame,
    *,
    lon: str = "lon",
    lat: str = "lat",
    properties: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Turn a table with coordinates into a GeoJSON FeatureCollection (EPSG:4326).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per point.
    lon, lat : str
        Coordinate columns (WGS 84 degrees).
    properties : sequence of str, optional
        Columns to carry as properties; all other columns by default.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection; rows without coordinates are skipped.
    """
    props = [c for c in (properties or frame.columns) if c not in (lon, lat)]
    features = []
    for rec in frame.to_dict("records"):
        x, y = _clean(rec[lon]), _clean(rec[lat])
        if x is None or y is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
                "properties": {k: _clean(rec[k]) for k in props},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def schematic_areas(
    centres: pd.DataFrame,
    bbox: Sequence[float],
    *,
    id_column: str = "region_id",
    properties: Iterable[str] = ("name_en", "name_ru"),
    extent_points: pd.DataFrame | None = None,
    margin: float = 0.25,
) -> dict[str, Any]:
    """Schematic areas around centres: Voronoi cells clipped to a bounding box.

    Parameters
    ----------
    centres : pandas.DataFrame
        One row per area with ``lon`` and ``lat`` of its centre.
    bbox : sequence of float
        ``[lon_min, lat_min, lon_max, lat_max]``.
    id_column : str
        Identifier column carried into the features.
    properties : iterable of str
        Further columns to carry.
    extent_points : pandas.DataFrame, optional
        Points (``lon``, ``lat``) whose convex hull, widened by ``margin``
        degrees, bounds the areas instead of the whole box.
    margin : float
        Widening of that hull, degrees.

    Returns
    -------
    dict
        GeoJSON FeatureCollection of polygons, each with ``schematic: true``.
    """
    frame = centres.dropna(subset=["lon", "lat"]).reset_index(drop=True)
    area = box(*bbox)
    if extent_points is not None and len(extent_points) >= 3:
        pts = extent_points.dropna(subset=["lon", "lat"])
        hull = MultiPoint(list(zip(pts["lon"], pts["lat"], strict=True))).convex_hull
        area = area.intersection(hull.buffer(margin))
    points = MultiPoint(list(zip(frame["lon"], frame["lat"], strict=True)))
    cells = shapely.voronoi_polygons(points, extend_to=area)
    features = []
    props = [id_column, *properties]
    for cell in shapely.get_parts(cells):
        clipped = cell.intersection(area)
        inside = frame[shapely.contains_xy(cell, frame["lon"], frame["lat"])]
        if inside.empty or clipped.is_empty:
            continue
        rec = inside.iloc[0]
        geometry = json.loads(json.dumps(mapping(shapely.set_precision(clipped, 1e-5))))
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {**{p: _clean(rec[p]) for p in props if p in rec}, "schematic": True},
            }
        )
    return {"type": "FeatureCollection", "features": features}
