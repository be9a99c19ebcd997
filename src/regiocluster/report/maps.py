"""Leaflet maps for the report and the portal, with no request outside the page's folder.

Leaflet is vendored (``static/leaflet``). There is no tile server by default:
the base layer is drawn from the case's own geometry (schematic district
areas), and a tile URL can be given as a setting for users who are online.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

_COUNTER = itertools.count(1)


@dataclass(frozen=True)
class Layer:
    """One GeoJSON layer of a map.

    Attributes
    ----------
    name : str
        Shown in the layer control.
    geojson : Mapping
        A GeoJSON FeatureCollection in EPSG:4326.
    color : str
        CSS colour of points and outlines.
    popup_fields : sequence of str
        Properties listed in each feature's popup.
    radius : float
        Point marker radius in pixels.
    color_by : str, optional
        Property whose value picks the colour from ``palette``.
    palette : Mapping of str to str
        Value → colour for ``color_by``.
    visible : bool
        Shown when the page opens.
    fill_opacity : float
        Fill opacity of polygons and markers.
    """

    name: str
    geojson: Mapping[str, Any]
    color: str = "#1f77b4"
    popup_fields: Sequence[str] = ()
    radius: float = 5.0
    color_by: str | None = None
    palette: Mapping[str, str] = field(default_factory=dict)
    visible: bool = True
    fill_opacity: float = 0.7


def map_html(
    layers: Sequence[Layer],
    *,
    height: int = 520,
    tile_url: str | None = None,
    note: str = "",
) -> Markup:
    """Render layers as a Leaflet map fragment.

    The page must load ``assets/leaflet/leaflet.js`` and ``leaflet.css``
    (the report builder does). Popups are built with ``textContent``, so
    property values are never interpreted as HTML.

    Parameters
    ----------
    layers : sequence of Layer
        Drawn in order; the first polygon layers form the base.
    height : int
        Map height in pixels.
    tile_url : str, optional
        A tile server URL template; none by default (no network).
    note : str
        A caption under the map (for example "district areas are schematic").

    Returns
    -------
    markupsafe.Markup
    """
    map_id = f"map{next(_COUNTER)}"
    spec = [
        {
            "name": layer.name,
            "geojson": layer.geojson,
            "color": layer.color,
            "popup": list(layer.popup_fields),
            "radius": layer.radius,
            "colorBy": layer.color_by,
            "palette": dict(layer.palette),
            "visible": layer.visible,
            "fillOpacity": layer.fill_opacity,
        }
        for layer in layers
    ]
    payload = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    tiles = json.dumps(tile_url) if tile_url else "null"
    caption = f'<p class="map-note">{escape(note)}</p>' if note else ""
    return Markup(
        f'<div id="{map_id}" class="map" style="height:{height}px"></div>{caption}\n'
        f"<script>regiocluster_map({json.dumps(map_id)}, {payload}, {tiles});</script>"
    )


MAP_JS = """
function regiocluster_map(id, layers, tileUrl) {
  var map = L.map(id);
  if (tileUrl) { L.tileLayer(tileUrl, {maxZoom: 18}).addTo(map); }
  var control = L.control.layers(null, null, {collapsed: false}).addTo(map);
  var bounds = null;
  layers.forEach(function (spec) {
    var colour = function (f) {
      if (spec.colorBy && f && f.properties && spec.palette[f.properties[spec.colorBy]]) {
        return spec.palette[f.properties[spec.colorBy]];
      }
      return spec.color;
    };
    var layer = L.geoJSON(spec.geojson, {
      style: function (f) {
        return {color: colour(f), weight: 1, fillOpacity: spec.fillOpacity * 0.3};
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: spec.radius, color: colour(f), weight: 1,
                                       fillOpacity: spec.fillOpacity});
      },
      onEachFeature: function (f, l) {
        if (!spec.popup.length) { return; }
        var box = document.createElement('div');
        spec.popup.forEach(function (k) {
          if (f.properties[k] === null || f.properties[k] === undefined) { return; }
          var line = document.createElement('div');
          var b = document.createElement('b');
          b.textContent = k + ': ';
          line.appendChild(b);
          line.appendChild(document.createTextNode(String(f.properties[k])));
          box.appendChild(line);
        });
        l.bindPopup(box);
      }
    });
    if (spec.visible) { layer.addTo(map); }
    control.addOverlay(layer, spec.name);
    if (spec.geojson.features && spec.geojson.features.length) {
      var b = layer.getBounds();
      if (b.isValid()) { bounds = bounds ? bounds.extend(b) : b; }
    }
  });
  if (bounds) { map.fitBounds(bounds, {padding: [10, 10]}); } else { map.setView([60, 31], 6); }
  L.control.scale({imperial: false}).addTo(map);
}
"""
