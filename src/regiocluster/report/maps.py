"""Maps of the study: Leaflet in the HTML study, matplotlib images in print and DOCX.

No tile server is used (no network at run time): the case's own district
layer is the base. Each layer gets a legend entry; layers with a
``label_field`` are labelled (areas always, points on hover). Popups are built with
``textContent`` in :data:`MAP_JS`, so data is never interpreted as HTML.
"""

from __future__ import annotations

import io
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from regiocluster.report.i18n import Localizer  # noqa: E402
from regiocluster.report.model import Map  # noqa: E402


def leaflet_json(spec: Map, loc: Localizer) -> str:
    """Return the map's layers as JSON for :data:`MAP_JS` (safe inside a ``<script>``)."""
    layers = [
        {
            "name": loc.gettext(layer.name),
            "geojson": layer.geojson,
            "color": layer.colour,
            "label": layer.label_field.format(lang=loc.lang) if layer.label_field else None,
            "popup": [f.format(lang=loc.lang) for f in layer.popup_fields],
            "radius": layer.radius,
            "area": layer.area,
            "visible": layer.visible,
        }
        for layer in spec.layers
    ]
    return json.dumps(layers, ensure_ascii=False).replace("</", "<\\/")


def png(spec: Map, loc: Localizer) -> bytes:
    """Return the map as a PNG image with a legend and labels."""
    fig, ax = plt.subplots(figsize=(7.0, 5.2), dpi=150)
    for layer in spec.layers:
        if not layer.visible:
            continue
        label = loc.gettext(layer.name)
        features = layer.geojson.get("features", [])
        if layer.area:
            key = layer.label_field.format(lang=loc.lang) if layer.label_field else None
            for i, feature in enumerate(features):
                geom = shape(feature["geometry"])
                if key:
                    centre = geom.representative_point()
                    ax.annotate(
                        str(feature["properties"].get(key, "")),
                        (centre.x, centre.y),
                        fontsize=5,
                        ha="center",
                        color="#44515e",
                    )
                polys = getattr(geom, "geoms", [geom])
                for poly in polys:
                    x, y = poly.exterior.xy
                    ax.fill(x, y, color=layer.colour, alpha=0.12, label=label if i == 0 else None)
                    ax.plot(x, y, color=layer.colour, linewidth=0.5)
            continue
        xs = [f["geometry"]["coordinates"][0] for f in features]
        ys = [f["geometry"]["coordinates"][1] for f in features]
        ax.scatter(
            xs,
            ys,
            s=layer.radius * 4,
            color=layer.colour,
            label=label,
            zorder=3,
            edgecolors="white",
            linewidths=0.3,
        )
        if layer.label_field:
            key = layer.label_field.format(lang=loc.lang)
            for f, x, y in zip(features, xs, ys, strict=True):
                ax.annotate(
                    str(f["properties"].get(key, "")),
                    (x, y),
                    fontsize=6,
                    xytext=(3, 3),
                    textcoords="offset points",
                )
    ax.set_aspect(1 / 0.5)  # about 1/cos(60°): degrees of longitude are half as long
    ax.set_xlabel(loc.gettext("Longitude, °E"))
    ax.set_ylabel(loc.gettext("Latitude, °N"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=7)
    fig.tight_layout()
    _drop_overlapping_labels(fig, ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _drop_overlapping_labels(fig: object, ax: object) -> None:
    """Keep a label only where it overlaps no label already kept (points first, then areas)."""
    # the labels' extents need the final axes box (the aspect is applied at draw
    # time) and a renderer, not a full rasterised draw: savefig draws once more anyway
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax.apply_aspect()  # type: ignore[attr-defined]
    texts = sorted(ax.texts, key=lambda t: t.get_fontsize(), reverse=True)  # type: ignore[attr-defined]
    kept = []
    for text in texts:
        box = text.get_window_extent(renderer).expanded(1.05, 1.15)
        if any(box.overlaps(other) for other in kept):
            text.remove()
        else:
            kept.append(box)


MAP_JS = """
function regiocluster_map(id, layers) {
  var map = L.map(id);
  var control = L.control.layers(null, null, {collapsed: true}).addTo(map);
  var legend = L.control({position: 'bottomright'});
  var bounds = null;
  layers.forEach(function (spec) {
    var layer = L.geoJSON(spec.geojson, {
      style: function () {
        return {color: spec.color, weight: 1, fillOpacity: spec.area ? 0.1 : 0.7};
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: spec.radius, color: spec.color, weight: 1,
                                       fillOpacity: 0.8});
      },
      onEachFeature: function (f, l) {
        if (spec.label && f.properties[spec.label] !== undefined) {
          // district names stay on the map; point names show on hover, so labels never pile up
          l.bindTooltip(String(f.properties[spec.label]), {
            permanent: spec.area, direction: spec.area ? 'center' : 'right',
            className: spec.area ? 'map-label area-label' : 'map-label'
          });
        }
        if (!spec.popup.length) { return; }
        var box = document.createElement('div');
        spec.popup.forEach(function (k) {
          if (f.properties[k] === null || f.properties[k] === undefined) { return; }
          var line = document.createElement('div');
          line.textContent = String(f.properties[k]);
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
  legend.onAdd = function () {
    var box = L.DomUtil.create('div', 'map-legend');
    layers.forEach(function (spec) {
      var row = document.createElement('div');
      var sw = document.createElement('span');
      sw.className = 'swatch' + (spec.area ? ' area' : '');
      sw.style.background = spec.color;
      row.appendChild(sw);
      row.appendChild(document.createTextNode(spec.name));
      box.appendChild(row);
    });
    return box;
  };
  legend.addTo(map);
  if (bounds) { map.fitBounds(bounds, {padding: [10, 10]}); } else { map.setView([60, 31], 6); }
  L.control.scale({imperial: false}).addTo(map);
}
function regiocluster_chart(id) {
  var node = document.getElementById(id);
  var spec = JSON.parse(document.getElementById(id + '-data').textContent);
  Plotly.newPlot(node, spec.data, spec.layout, {displaylogo: false, responsive: true});
}
"""
