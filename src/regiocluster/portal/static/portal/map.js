// Member map: Leaflet (vendored) with an optional tile layer; without tiles, points on a plain background.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) { return; }
  var kindSelect = document.getElementById("map-kind");
  var count = document.getElementById("map-count");
  var detail = el.dataset.detail.replace(/0\/$/, "");
  var colours = { producer: "#1f5f99", raw_materials: "#8d6e63", equipment: "#6a1b9a", services: "#00897b",
    customer: "#e65100", research: "#2e7d32", education: "#558b2f", finance: "#37474f", logistics: "#f9a825",
    management: "#c62828" };
  var legend = document.getElementById("map-legend");
  Array.prototype.forEach.call(kindSelect.options, function (o) {
    if (!o.value) { return; }
    var item = document.createElement("span");
    var dot = document.createElement("i");
    dot.style.background = colours[o.value] || "#555";
    item.appendChild(dot);
    item.appendChild(document.createTextNode(o.textContent));
    legend.appendChild(item);
  });
  var map = L.map(el, { preferCanvas: true }).setView([59.9, 30.3], 7);
  if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  var centres = JSON.parse(document.getElementById("map-centres").textContent || "[]");
  var base = L.layerGroup().addTo(map);
  centres.forEach(function (c) {
    L.circleMarker([c.lat, c.lon], { radius: 2, weight: 0, fillColor: "#8a96a3", fillOpacity: 1,
      interactive: false }).bindTooltip(c.name, { permanent: true, direction: "right",
      className: "centre-label", opacity: 0.7 }).addTo(base);
  });
  var layer = L.layerGroup().addTo(map);
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function load() {
    var url = el.dataset.points + (kindSelect.value ? "?kind=" + encodeURIComponent(kindSelect.value) : "");
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (gj) {
      layer.clearLayers();
      var bounds = [];
      gj.features.forEach(function (f) {
        var c = f.geometry.coordinates, p = f.properties;
        var m = L.circleMarker([c[1], c[0]], { radius: 5, weight: 1, color: "#fff", fillOpacity: 0.85,
          fillColor: colours[p.kind] || "#555", className: "member-marker" });
        m.bindPopup('<a href="' + detail + p.id + '/">' + esc(p.name) + "</a>" +
          (p.illustrative ? " <em>(" + esc(el.dataset.illustrative) + ")</em>" : ""));
        m.addTo(layer);
        bounds.push([c[1], c[0]]);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20] }); }
      count.textContent = gj.features.length + " " + el.dataset.shown;
      el.dataset.loaded = String(gj.features.length);
    });
  }
  kindSelect.addEventListener("change", load);
  load();
}());
