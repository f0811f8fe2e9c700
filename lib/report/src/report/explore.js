// The interactive map of report.html: Leaflet (inline, from Debian's
// libjs-leaflet) over the run's own layers, which lie in the page as JSON
// (#lc-explore-data). No tile, font or image is fetched: there is no basemap.
// Demand cells are packed columns (deflate + base64) drawn on one canvas, so a
// whole city's half million cells are neither DOM nodes nor page megabytes.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('lc-explore-data').textContent);
  const text = data.text;

  // A catalogue message with its {} or {N} slots filled, as the C++ side does.
  function say(template, values) {
    let next = 0;
    return template.replace(/\{(\d*)\}/g, (_, index) => {
      const value = values[index === '' ? next++ : Number(index)];
      return value === undefined ? '' : String(value);
    });
  }
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  }
  function grouped(value, decimals) {
    return Number(value).toLocaleString('en-US', {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
  }

  // A packed column: little-endian values, deflated (zlib), in base64.
  async function unpack(base64, Type) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; ++i) {
      bytes[i] = binary.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Type(await new Response(stream).arrayBuffer());
  }
  // Microdegree deltas back to Web Mercator in [0, 1], the plane Leaflet's pixels scale.
  function mercator(xDeltas, yDeltas) {
    const x = new Float64Array(xDeltas.length);
    const y = new Float64Array(yDeltas.length);
    let lon = 0;
    let lat = 0;
    for (let i = 0; i < x.length; ++i) {
      lon += xDeltas[i];
      lat += yDeltas[i];
      const phi = (lat / 1e6) * Math.PI / 180;
      x[i] = (lon / 1e6 + 180) / 360;
      y[i] = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
    }
    return {x, y};
  }

  // Unit outlines: per unit its polygons, per polygon its rings, per ring its vertices.
  async function unpackPolygons(packed, count) {
    const x = await unpack(packed.x, Int32Array);
    const y = await unpack(packed.y, Int32Array);
    const counts = await unpack(packed.counts, Uint32Array);
    const shapes = [];
    let lon = 0;
    let lat = 0;
    let vertex = 0;
    let at = 0;
    for (let unit = 0; unit < count; ++unit) {
      const shape = [];
      for (let polygons = counts[at++]; polygons > 0; --polygons) {
        const polygon = [];
        for (let rings = counts[at++]; rings > 0; --rings) {
          const ring = [];
          for (let vertices = counts[at++]; vertices > 0; --vertices) {
            lon += x[vertex];
            lat += y[vertex];
            ++vertex;
            ring.push([lat / 1e6, lon / 1e6]);
          }
          polygon.push(ring);
        }
        shape.push(polygon);
      }
      shapes.push(shape);
    }
    return shapes;
  }

  const unknown = 0xFFFFFFFF;
  const noCost = 0xFFFF;

  // Cells coloured by their walk to the nearest facility, on one canvas redrawn after each move.
  const CellLayer = L.Layer.extend({
    initialize(cells, classes) {
      this.cells = cells;
      this.classes = classes;
    },
    onAdd(map) {
      this.canvas = L.DomUtil.create('canvas', 'lc-cells leaflet-zoom-hide');
      map.getPanes().overlayPane.appendChild(this.canvas);
      map.on('moveend resize', this.draw, this);
      this.draw();
    },
    onRemove(map) {
      map.off('moveend resize', this.draw, this);
      L.DomUtil.remove(this.canvas);
    },
    draw() {
      const map = this._map;
      const size = map.getSize();
      L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
      this.canvas.width = size.x;
      this.canvas.height = size.y;
      const context = this.canvas.getContext('2d');
      const scale = 256 * Math.pow(2, map.getZoom());
      const view = map.getPixelBounds();
      // A cell a step wide is taller by sec(latitude) on Web Mercator.
      const width = Math.max(2, this.cells.step * scale);
      const height = Math.max(2, width / Math.cos(map.getCenter().lat * Math.PI / 180));
      const side = Math.max(width, height);
      const {x, y, colour} = this.cells;
      for (let c = 0; c < this.classes.length; ++c) {
        context.fillStyle = this.classes[c].colour;
        context.globalAlpha = 0.75;
        for (let i = 0; i < x.length; ++i) {
          if (colour[i] !== c) {
            continue;
          }
          const px = x[i] * scale - view.min.x;
          const py = y[i] * scale - view.min.y;
          if (px < -side || py < -side || px > size.x + side || py > size.y + side) {
            continue;
          }
          context.fillRect(px - width / 2, py - height / 2, width, height);
        }
      }
    },
    // The cell under a click, within half a cell or 6 px; -1 when none.
    cellAt(latlng) {
      const map = this._map;
      const scale = 256 * Math.pow(2, map.getZoom());
      const point = map.project(latlng);
      const reach = Math.max(6, this.cells.step * scale / 2);
      let best = -1;
      let bestDistance = reach * reach;
      const {x, y} = this.cells;
      for (let i = 0; i < x.length; ++i) {
        const dx = x[i] * scale - point.x;
        const dy = y[i] * scale - point.y;
        const distance = dx * dx + dy * dy;
        if (distance <= bestDistance) {
          best = i;
          bestDistance = distance;
        }
      }
      return best;
    },
  });

  async function serviceLayers(service, map, renderer) {
    const packed = service.cells;
    const position = mercator(await unpack(packed.x, Int32Array), await unpack(packed.y, Int32Array));
    const cells = {
      x: position.x,
      y: position.y,
      cost: await unpack(packed.cost, Uint16Array),
      people: await unpack(packed.people, Uint32Array),
      facility: await unpack(packed.facility, Uint32Array),
      unit: await unpack(packed.unit, Uint32Array),
      step: packed.step_degrees / 360,
      colour: new Uint8Array(packed.count),
    };
    // Classes: within each band, beyond the threshold, no facility within reach.
    const classes = service.classes;
    for (let i = 0; i < packed.count; ++i) {
      const metres = cells.cost[i];
      let c = classes.length - 1;
      if (metres !== noCost) {
        c = classes.findIndex((each) => each.upto_m !== null && metres <= each.upto_m);
        c = c < 0 ? classes.length - 2 : c;
      }
      cells.colour[i] = c;
    }
    const layers = {};
    layers.cells = new CellLayer(cells, classes);
    layers.areas = L.geoJSON(service.areas, {
      renderer,
      style: () => ({color: '#4393c3', weight: 1, fillColor: '#4393c3', fillOpacity: 0.15}),
      onEachFeature: (feature, layer) => layer.bindTooltip(escapeHtml(feature.properties.label)),
    });
    layers.routes = L.geoJSON(service.routes, {
      renderer,
      style: (feature) => ({color: feature.properties.colour, weight: 2.5, opacity: 0.9}),
      onEachFeature: (feature, layer) => layer.bindTooltip(escapeHtml(feature.properties.label)),
    });
    const outlines = service.unit_outlines ? await unpackPolygons(service.unit_outlines, service.units.length) : [];
    layers.units = L.featureGroup(service.units.map((p, row) => {
      let html = '<b>' + escapeHtml(p.name) + '</b> ' + escapeHtml(p.code) + '<br>' +
        escapeHtml(p.share === null ? text.no_demand : say(text.popup_unit, [grouped(100 * p.share, 1) + '%', grouped(p.covered, 0), grouped(p.demand, 0)]));
      if (p.fails.length > 0) {
        html += '<br>' + escapeHtml(say(text.popup_unit_fails, [p.fails.join('、')]));
      }
      return L.polygon(outlines[row], {renderer, color: '#555', weight: 1, fillColor: p.colour, fillOpacity: 0.45})
        .bindPopup(html);
    }));
    layers.facilities = L.layerGroup(service.facilities.map(([lat, lon, name]) =>
      L.circleMarker([lat, lon], {renderer, radius: 6, color: '#fff', weight: 1.5, fillColor: '#2166ac', fillOpacity: 1})
        .bindTooltip(escapeHtml(name))));
    layers.sites = L.layerGroup(service.sites.map(([lat, lon, name]) =>
      L.circleMarker([lat, lon], {renderer, radius: 8, color: '#fff', weight: 2, fillColor: '#f46d43', fillOpacity: 1})
        .bindTooltip(escapeHtml(name))));
    layers.cellPopup = (latlng) => {
      const i = layers.cells.cellAt(latlng);
      if (i < 0) {
        return null;
      }
      const unit = cells.unit[i] === unknown ? '–' : service.unit_names[cells.unit[i]];
      const people = grouped(cells.people[i] / 10, 1);
      if (cells.cost[i] === noCost) {
        return say(text.popup_cell_beyond, [people, unit]);
      }
      const facility = cells.facility[i] === unknown ? '–' : service.facility_names[cells.facility[i]];
      const minutes = grouped(cells.cost[i] / service.metres_per_minute, 1);
      return say(text.popup_cell, [people, minutes, grouped(cells.cost[i], 0), facility, unit]);
    };
    return layers;
  }

  async function streetsLayer(renderer) {
    if (!data.streets) {
      return L.layerGroup();
    }
    const x = await unpack(data.streets.x, Int32Array);
    const y = await unpack(data.streets.y, Int32Array);
    const ends = await unpack(data.streets.ends, Uint32Array);
    const lines = [];
    let lon = 0;
    let lat = 0;
    let begin = 0;
    for (const end of ends) {
      const line = [];
      for (let i = begin; i < end; ++i) {
        lon += x[i];
        lat += y[i];
        line.push([lat / 1e6, lon / 1e6]);
      }
      lines.push(line);
      begin = end;
    }
    return L.polyline(lines, {renderer, color: '#b8b8b8', weight: 1, interactive: false});
  }

  async function start() {
    const element = document.getElementById('lc-explore-map');
    const renderer = L.canvas({padding: 0.2});
    const map = L.map(element, {preferCanvas: true, zoomAnimation: false, attributionControl: true});
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution(escapeHtml(data.credits));
    map.fitBounds(data.bounds);
    L.control.scale({imperial: false}).addTo(map);
    const streets = await streetsLayer(renderer);
    const services = [];
    for (const service of data.services) {
      services.push(await serviceLayers(service, map, renderer));
    }
    const toggles = {};
    for (const name of ['streets', 'cells', 'areas', 'routes', 'units', 'facilities', 'sites']) {
      toggles[name] = document.getElementById('lc-layer-' + name);
    }
    const chooser = document.getElementById('lc-service');
    let shown = services[0];
    function layerOf(name) {
      return name === 'streets' ? streets : shown[name];
    }
    function apply() {
      for (const [name, toggle] of Object.entries(toggles)) {
        const layer = layerOf(name);
        if (toggle.checked && !map.hasLayer(layer)) {
          map.addLayer(layer);
        } else if (!toggle.checked && map.hasLayer(layer)) {
          map.removeLayer(layer);
        }
      }
      // Points stay above areas whatever order they were switched on in.
      for (const name of ['facilities', 'sites']) {
        if (map.hasLayer(shown[name])) {
          shown[name].eachLayer((marker) => marker.bringToFront());
        }
      }
    }
    for (const toggle of Object.values(toggles)) {
      toggle.addEventListener('change', apply);
    }
    chooser.addEventListener('change', () => {
      for (const name of ['cells', 'areas', 'routes', 'units', 'facilities', 'sites']) {
        map.removeLayer(shown[name]);
      }
      shown = services[Number(chooser.value)];
      apply();
    });
    map.on('click', (event) => {
      if (!toggles.cells.checked) {
        return;
      }
      const html = shown.cellPopup(event.latlng);
      if (html !== null) {
        L.popup().setLatLng(event.latlng).setContent(escapeHtml(html)).openOn(map);
      }
    });
    apply();
    window.lifecircleMap = map; // for a reader's own scripting, and the page test
    element.dataset.ready = 'true'; // every layer is built
  }

  start().catch((error) => {
    const element = document.getElementById('lc-explore-map');
    element.dataset.error = String(error);
    element.textContent = String(error);
  });
})();
