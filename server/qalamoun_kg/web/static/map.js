// The map page's zoomable map: Leaflet (served from the package) over Natural Earth country
// borders (world-atlas, cut to the region at build time), with every located place of the
// graph. Nothing is fetched from elsewhere unless tiles were configured and asked for.
/* global L */
(function () {
  "use strict";
  const RING = 0.012; // degrees: approximate places sit on a small ring around their stand-in

  function start() {
    const holder = document.getElementById("leaflet-map");
    const config = JSON.parse(document.getElementById("qkg-map").textContent);
    if (!holder || !window.L) return;
    holder.hidden = false;
    const map = L.map(holder, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 14, attribution: "tiles: configured server" }).addTo(map);
    }
    fetch(config.basemap)
      .then((response) => (response.ok ? response.json() : null))
      .then((borders) => {
        if (!borders || config.tiles) return;
        L.geoJSON(borders, {
          interactive: false,
          style: (feature) => ({
            className: "qkg-country",
            color: "#8a9a7b",
            weight: 1,
            fillColor: feature.properties.name === "Lebanon" ? "#e9f2e1" : "#f3efe6",
            fillOpacity: 1,
          }),
        }).addTo(map).bringToBack();
        map.attributionControl.addAttribution("borders: Natural Earth via world-atlas");
      })
      .catch(() => {});
    const points = placePoints(config.places);
    points.forEach((p) => {
      const marker = L.circleMarker([p.lat, p.lon], {
        className: p.approximate ? "qkg-place approximate" : "qkg-place",
        radius: p.approximate ? 4 : 6,
        color: "#1f6feb",
        weight: 1.5,
        fillColor: p.approximate ? "#ffffff" : "#1f6feb",
        fillOpacity: 1,
      }).addTo(map);
      const link = document.createElement("a");
      link.href = p.iri;
      link.textContent = p.label;
      const popup = document.createElement("div");
      popup.appendChild(link);
      if (p.via) popup.appendChild(document.createTextNode(` (approximate: at ${p.via})`));
      marker.bindPopup(popup);
      marker.bindTooltip(p.label, { permanent: !p.approximate, direction: "right", offset: [8, 0], className: "qkg-label" });
    });
    if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.25));
    else map.setView([34.0, 36.3], 8);
    const sketch = document.getElementById("svg-map");
    if (sketch) sketch.hidden = true;
  }

  // Places shown at another place's point are spread on a ring around it, so each can be clicked.
  function placePoints(places) {
    const groups = new Map();
    places.forEach((p) => {
      if (!p.approximate) return;
      const key = `${p.lat},${p.lon}`;
      groups.set(key, (groups.get(key) || []).concat([p]));
    });
    const spread = new Map();
    groups.forEach((group) => group.forEach((p, i) => {
      const angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
      spread.set(p, { lat: p.lat + RING * Math.sin(angle), lon: p.lon + RING * Math.cos(angle) });
    }));
    return places.map((p) => Object.assign({}, p, spread.get(p) || {}));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
