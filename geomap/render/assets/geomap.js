/* geomap, part 2: layers, page furniture and the entry points GM.single / compare / timeline.
 *
 * Draws dated war maps from one compact JSON blob on a Leaflet canvas. Article text only ever
 * reaches the page through text nodes (see symbols.js). Data layout: geomap/render/evidence.py
 * (tables) and scene.py (layers).
 */
(function (root) {
  'use strict';
  var GM = root.GM;
  var el = GM._.el, add = GM._.add, Canvas = GM._.Canvas, Marker = GM._.Marker,
    popupNode = GM._.popupNode, CTRL_LABEL = GM._.CTRL_LABEL, KIND_LABEL = GM._.KIND_LABEL;

  // ---- layers -------------------------------------------------------------------------------
  var LAYER_NAMES = {
    regions: 'Regions named in reports', approx: 'Approximate positions',
    sieges: 'Sieges and encirclements', moves: 'Advances and withdrawals',
    control: 'Control', fighting: 'Fighting, attacks, strikes', mentioned: 'Mentioned only (not facts)',
    changes: 'Changes since the first date', zones: 'Estimated zones and front line (approximate)'
  };
  var ORDER = ['zones', 'regions', 'approx', 'sieges', 'moves', 'control', 'fighting', 'mentioned',
    'changes'];
  var OFF_BY_DEFAULT = { mentioned: true, zones: true };

  function textPopup(layer, text) {
    layer.bindPopup(function () {
      var box = el('div', 'gm-popup');
      add(box, el('div', 'gm-headline', 'Estimated, not reported'));
      add(box, el('div', null, text));
      add(box, el('div', 'gm-approx', 'Drawn only near reported places; nothing is known ' +
        'about the blank parts of the map.'));
      return box;
    });
  }

  function ellipse(b, n) {
    // A soft oval inside the bounding box (west, south, east, north): never a fake point.
    var cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2, rx = (b[2] - b[0]) / 2, ry = (b[3] - b[1]) / 2;
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = 2 * Math.PI * i / n;
      pts.push([cy + ry * Math.sin(a), cx + rx * Math.cos(a)]);
    }
    return pts;
  }
  var AREA_RADIUS_KM = { raion: 25, oblast: 90, region: 160, water: 40, river: 30, country: 0 };

  function Painter(map, T, style, renderer) {
    this.map = map; this.T = T; this.S = style; this.R = renderer;
    this.groups = {};
    var self = this;
    ORDER.forEach(function (k) { self.groups[k] = L.featureGroup(); });
    this.counts = {};
  }

  Painter.prototype.clear = function () {
    var g = this.groups;
    Object.keys(g).forEach(function (k) { g[k].clearLayers(); });
    this.counts = {};
  };

  Painter.prototype.count = function (k) { this.counts[k] = (this.counts[k] || 0) + 1; };

  Painter.prototype.bind = function (layer, pi, headline, ids, contra) {
    var T = this.T;
    var width = Math.max(200, Math.min(560, this.map.getSize().x - 50));  // fits a phone
    layer.bindPopup(function () { return popupNode(T, pi, headline, ids, contra); },
      { maxWidth: width, minWidth: Math.min(220, width), autoPanPaddingTopLeft: [12, 72],
        autoPanPaddingBottomRight: [12, 12], className: 'gm-leaflet-popup' });
    // Leaflet puts string tooltips in with innerHTML: hand it a text node instead.
    var name = GM.placeName(T.places[pi]);
    layer.bindTooltip(function () { return document.createTextNode(name); },
      { direction: 'top', offset: [0, -6] });
    layer.gmName = name;
    layer.gmHead = headline;
    layer.gmPlace = pi;
    return layer;
  };

  Painter.prototype.symbol = function (group, pi, opts) {
    var P = this.T.places[pi];
    opts.renderer = this.R;
    var approx = P[4] > 0 || P[3] !== 'exact';
    if (approx) {
      opts.fillOpacity = (opts.fillOpacity === undefined ? 0.9 : opts.fillOpacity) * 0.55;
      opts.dashArray = '3 2';
    }
    var m = new Marker([P[1], P[2]], opts);
    m.addTo(this.groups[group]);
    this.count(group);
    return m;
  };

  Painter.prototype.approxRing = function (pi) {
    var P = this.T.places[pi];
    if (!(P[4] > 0) || this._rings[pi]) { return; }
    this._rings[pi] = true;
    L.circle([P[1], P[2]], { radius: P[4] * 1000, renderer: this.R, color: '#666666', weight: 1,
      dashArray: '4 4', fillColor: '#999999', fillOpacity: 0.08, interactive: false })
      .addTo(this.groups.approx);
    this.count('approx');
  };

  Painter.prototype.draw = function (L_) {
    var self = this, S = this.S, T = this.T;
    this.clear();
    this._rings = {};
    // Names are drawn next to symbols once zoomed in, or always when there are few places.
    var named = {};
    var few = (L_.control || []).length + (L_.fighting || []).length <= 25;
    (L_.zones || []).forEach(function (row) {
      // row: [controller, label, geometry]; hatched when contested, like the symbol
      var c = row[0], col = S[c] || S.unknown;
      var z = L.geoJSON(row[2], { style: function () {
        return { color: col, weight: 1, dashArray: c === 'UA' ? '6 3' : null, fillColor: col,
          fillOpacity: c === 'contested' ? 0.25 : 0.14 };
      } });
      textPopup(z, row[1]);
      z.addTo(self.groups.zones); self.count('zones');
    });
    (L_.line || []).forEach(function (row) {
      var line = L.geoJSON(row[1], { style: function () {
        return { color: S.ink, weight: 3, dashArray: '10 6', opacity: 0.85 };
      } });
      textPopup(line, 'Estimated line of contact: ' + row[0]);
      line.addTo(self.groups.zones); self.count('zones');
    });
    (L_.regions || []).forEach(function (row) {
      var P = T.places[row[0]], shape;
      var style = { renderer: self.R, color: S.region, weight: 1.5, dashArray: '5 4',
        fillColor: S.region, fillOpacity: 0.12 };
      if (P[6] && P[6].type) {
        style.interactive = true;
        shape = L.geoJSON(P[6], { style: function () { return style; }, renderer: self.R });
      } else if (P[6]) {
        shape = L.polygon(ellipse(P[6], 48), style);
      } else {
        var km = AREA_RADIUS_KM[P[5]] === undefined ? 60 : AREA_RADIUS_KM[P[5]];
        if (!km) { return; }
        style.radius = km * 1000;
        shape = L.circle([P[1], P[2]], style);
      }
      self.bind(shape, row[0], 'Region named in ' + row[1].length + ' report(s)', row[1]);
      shape.addTo(self.groups.regions); self.count('regions');
    });
    (L_.sieges || []).forEach(function (row) {
      self.approxRing(row[0]);
      var m = self.symbol('sieges', row[0], { shape: 'circle', radius: 13, fill: false,
        color: S.siege, weight: 4, dashArray: '6 4', opacity: 1 });
      m.options.dashArray = '6 4';
      self.bind(m, row[0], 'Besieged / encircled', row[1]);
    });
    (L_.moves || []).forEach(function (row) {
      self.approxRing(row[0]);
      var col = S[row[2]] || S.unknown, adv = row[1] === 'advance';
      var m = self.symbol('moves', row[0], { shape: adv ? 'tri-up' : 'tri-down', radius: 8,
        dx: -13, dy: 10, color: adv ? S.ink : col, weight: adv ? 1 : 2.5,
        fillColor: adv ? col : '#ffffff', fillOpacity: 1, halo: adv ? '#ffffff' : null });
      var who = row[2] === 'unknown' ? '' : ' by ' + row[2];
      self.bind(m, row[0], (adv ? 'Advance' : 'Withdrawal') + who, row[3]);
    });
    // partial control first: its percentage then claims its place before any name does
    (L_.control || []).slice().sort(function (a, b) {
      return (b[2] === null ? 0 : 1) - (a[2] === null ? 0 : 1);
    }).forEach(function (row) {
      self.approxRing(row[0]);
      var c = row[1], o;
      if (c === 'RU') {
        o = { shape: 'square', radius: 7, color: S.ink, weight: 1, fillColor: S.RU, fillOpacity: 1 };
      } else if (c === 'UA') {
        o = { shape: 'circle', radius: 7, color: S.ink, weight: 1, fillColor: S.UA, fillOpacity: 1,
          halo: '#ffffff' };
      } else if (c === 'contested') {
        o = { shape: 'diamond', radius: 8, color: S.ink, weight: 1.2, fillColor: S.contested,
          hatch: S.contested, fillOpacity: 1 };
      } else {
        o = { shape: 'circle', radius: 4, color: '#777777', weight: 2, fill: false };
      }
      if (row[2] !== null && row[2] !== undefined && c !== 'contested' && c !== 'unknown') {
        o.partial = row[2]; o.label = Math.round(row[2]) + '%';
      }
      if (row[4]) { o.opacity = 0.6; o.fillOpacity = (o.fillOpacity || 1) * 0.6; }
      var head = CTRL_LABEL[c] || c;
      if (row[2] !== null && row[2] !== undefined) { head += ' · ' + row[2] + '% of the place'; }
      if (row[3]) { head += ' · since ' + row[3]; }
      if (row[4]) { head += ' · stale (no recent report)'; }
      if (row[5]) { head += ' · besieged'; }
      o.name = T.places[row[0]][0]; o.nameAlways = few;
      named[row[0]] = true;
      self.bind(self.symbol('control', row[0], o), row[0], head, row[6], row[7]);
    });
    (L_.fighting || []).forEach(function (row) {
      self.approxRing(row[0]);
      var n = row[1], rec = row[2];
      var r = Math.min(22, 6 + 3 * Math.sqrt(n));
      var m = self.symbol('fighting', row[0], { shape: 'star', radius: r, dx: 9, dy: -9,
        color: S.ink, weight: 1, opacity: 0.4 + 0.6 * rec, fillColor: S.fighting,
        fillOpacity: 0.3 + 0.7 * rec, halo: null,
        name: named[row[0]] ? '' : T.places[row[0]][0], nameAlways: few });
      named[row[0]] = true;
      var kinds = row[3].map(function (k) { return KIND_LABEL[k] || k; }).join(', ');
      self.bind(m, row[0], n + ' report(s) of ' + kinds + ' in the last ' + L_.window + ' days', row[4]);
    });
    (L_.mentioned || []).forEach(function (row) {
      var m = self.symbol('mentioned', row[0], { shape: 'circle', radius: 6, color: '#777777',
        weight: 1.5, fillColor: '#ffffff', fillOpacity: 0.5, label: '?' });
      self.bind(m, row[0], 'Mentioned only: hypothetical or negated, not a fact', row[1]);
    });
    (L_.changes || []).forEach(function (row) {
      // row: [place, class, before, after, actor, reports, label]
      var k = row[1], col = S[row[4]] || S.contested, o;
      if (k === 'new_fighting') {
        o = { shape: 'star', radius: 15, fill: false, color: S.ink, weight: 2, dashArray: '3 2', dx: 9, dy: -9 };
      } else if (k === 'contested') {
        o = { shape: 'circle', radius: 15, fill: false, color: S.contested, weight: 4 };
      } else if (k === 'lost') {
        o = { shape: 'circle', radius: 15, fill: false, color: '#555555', weight: 3, dashArray: '2 3' };
      } else if (k === 'new') {
        o = { shape: 'circle', radius: 14, fill: false, color: col, weight: 2, dashArray: '5 3' };
      } else {
        o = { shape: 'circle', radius: 15, fill: false, color: col, weight: 4 };
      }
      var head = changeText(row);
      var m = self.symbol('changes', row[0], o);
      self.bind(m, row[0], head, row[5]);
    });
    if (this.onDraw) { this.onDraw(); }
  };

  function changeText(row) {
    var what = row[6] || row[1];
    if (row[2] || row[3]) { what += ' (' + (row[2] || '—') + ' → ' + (row[3] || '—') + ')'; }
    return what;
  }

  // A list of the places drawn, as buttons: the map for keyboards, screen readers and phones.
  Painter.prototype.fillList = function (box) {
    var self = this, T = this.T, seen = {}, items = [];
    ['control', 'fighting', 'sieges', 'moves', 'changes'].forEach(function (k) {
      if (!self.map.hasLayer(self.groups[k])) { return; }
      self.groups[k].getLayers().forEach(function (m) {
        if (m.gmPlace === undefined || seen[m.gmPlace]) { return; }
        seen[m.gmPlace] = true;
        items.push({ name: GM.placeName(T.places[m.gmPlace]), layer: m, what: m.gmHead || '' });
      });
    });
    items.sort(function (a, b) { return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0); });
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var map = this.map;
    items.forEach(function (it) {
      var li = add(box, el('li'));
      var b = add(li, el('button', 'gm-link', it.name));
      b.type = 'button';
      b.addEventListener('click', function () {
        map.setView(it.layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
        it.layer.openPopup();
      });
      if (it.what) { add(li, el('span', 'gm-list-what', ' — ' + it.what)); }
    });
    return items.length;
  };

  function placeList(map, painter) {
    var C = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var d = el('div', 'gm-list');
        var det = add(d, el('details'));
        var sum = add(det, el('summary', null, 'Places'));
        var ul = add(det, el('ul'));
        painter.onDraw = function () {
          sum.textContent = 'Places (' + painter.fillList(ul) + ')';
        };
        painter.onDraw();
        map.on('overlayadd overlayremove', painter.onDraw);
        // out of the way once a place is chosen, so its popup can be read
        ul.addEventListener('click', function (e) {
          if (e.target && e.target.tagName === 'BUTTON') { det.open = false; }
        });
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }
    });
    return new C().addTo(map);
  }

  // Where the war is: Ukraine, Crimea and the border regions around it. A first view frames
  // what is drawn inside it, so one report from Moscow or the Urals does not shrink Ukraine to
  // a corner; what lies outside is still drawn (zoom out), and a map with nothing inside it
  // is framed whole.
  var FOCUS = L.latLngBounds([43.5, 21.0], [53.5, 41.0]);

  // [inside, all]: the bounds of what is drawn in the focus, and of everything drawn.
  Painter.prototype.extents = function () {
    var all = L.latLngBounds([]);
    var inside = L.latLngBounds([]);
    var g = this.groups;
    ['control', 'fighting', 'sieges', 'moves', 'regions', 'changes'].forEach(function (k) {
      g[k].eachLayer(function (layer) {
        var b = layer.getLatLng ? L.latLngBounds([layer.getLatLng()]) :
          (layer.getBounds ? layer.getBounds() : null);
        if (!b || !b.isValid()) { return; }
        all.extend(b);
        if (FOCUS.intersects(b)) { inside.extend(b); }
      });
    });
    return [inside, all];
  };

  Painter.prototype.bounds = function () { return framing([this.extents()]); };

  // Fit a map to bounds (if valid), then run ``then``: now, or in a frame that has no size yet
  // (an <iframe> still being laid out) as soon as it gets one. A fit at size 0 leaves the
  // whole world in view, and nothing fits it again later.
  GM.frame = function (map, b, pad, then) {
    function fit() {
      if (b && b.isValid()) { map.fitBounds(b.pad(pad), { maxZoom: 9, animate: false }); }
      if (then) { then(); }
    }
    var size = map.getSize();
    if (size.x > 0 && size.y > 0) { fit(); return; }
    var done = false, watcher = null;
    function sized() {
      if (done) { return; }
      map.invalidateSize(false);
      var now = map.getSize();
      if (now.x > 0 && now.y > 0) {
        done = true;
        if (watcher) { watcher.disconnect(); }
        window.removeEventListener('resize', sized);
        fit();
      }
    }
    if (root.ResizeObserver) {
      watcher = new root.ResizeObserver(sized);
      watcher.observe(map.getContainer());
    }
    window.addEventListener('resize', sized);
  };

  // What a first view frames: the focus's part of one or more extents, else all of them.
  function framing(extents) {
    var inside = L.latLngBounds([]), all = L.latLngBounds([]);
    extents.forEach(function (e) {
      if (e[0].isValid()) { inside.extend(e[0]); }
      if (e[1].isValid()) { all.extend(e[1]); }
    });
    return inside.isValid() ? inside : all;
  }

  // ---- page furniture: title, legend, basemap, layer control ---------------------------------
  function titleBox(map, title, subtitle) {
    var box = el('div', 'gm-title');
    var main = add(box, el('div', 'gm-title-main', title));
    main.setAttribute('role', 'heading'); main.setAttribute('aria-level', '1');
    if (subtitle) { add(box, el('div', 'gm-title-sub', subtitle)); }
    L.DomEvent.disableClickPropagation(box);
    map.getContainer().appendChild(box);
    return box;
  }

  function legend(map, html) {
    var C = L.Control.extend({
      // on a phone the bottom belongs to the slider and attribution; the legend goes up top
      options: { position: map.getSize().x < 520 ? 'topright' : 'bottomright' },
      onAdd: function () {
        var d = el('div', 'gm-legend');
        d.innerHTML = html;  // geomap's own static markup (style.legend_html), never article text
        if (map.getSize().x < 700) {
          var det = d.querySelector('details');
          if (det) { det.removeAttribute('open'); }
        }
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }
    });
    return new C().addTo(map);
  }

  function basemap(map, geo, S, overTiles) {
    if (!geo) { return null; }
    var fillScale = overTiles ? 0 : 1;
    map.createPane('gmBase'); map.getPane('gmBase').style.zIndex = 250;
    return L.geoJSON(geo, {
      pane: 'gmBase', interactive: false,
      style: function (f) {
        var k = f.properties && f.properties.kind;
        if (k === 'country') {
          return { color: S.border, weight: 1.6, fillColor: S.land, fillOpacity: fillScale };
        }
        if (k === 'neighbour') {
          return { color: '#bbbbbb', weight: 0.8, fillColor: '#ECEAE4', fillOpacity: fillScale };
        }
        return { color: S.border, weight: 0.6, dashArray: '3 3', fill: false };
      }
    }).addTo(map);
  }

  function setup(map, blob, view, opts) {
    opts = opts || {};
    var S = blob.style;
    map.attributionControl.setPrefix(false);
    map.on('popupopen', GM.fitPopup);  // every popup of the map, the reference layer's too
    // on a phone, controls would cover an open popup: they step aside while it is open
    map.on('popupopen', function () { L.DomUtil.addClass(map.getContainer(), 'gm-has-popup'); });
    map.on('popupclose', function () { L.DomUtil.removeClass(map.getContainer(), 'gm-has-popup'); });
    map.attributionControl.addAttribution(blob.attribution);
    var base = basemap(map, blob.basemap, S, blob.tiles);
    var renderer = new Canvas({ padding: 0.3 });
    var painter = new Painter(map, blob.tables, S, renderer);
    painter.draw(view);
    var overlays = {};
    ORDER.forEach(function (k) {
      if (k === 'changes' && !view.changes) { return; }
      var label = LAYER_NAMES[k];
      if (k === 'fighting') { label += ' (last ' + view.window + ' days)'; }
      if (k === 'zones' && !(view.zones || []).length && !(view.line || []).length) { return; }
      overlays[label] = painter.groups[k];
      if (!OFF_BY_DEFAULT[k]) { painter.groups[k].addTo(map); }
    });
    var bases = {};
    if (base) { overlays['Oblast outlines'] = base; }
    L.control.layers(bases, overlays, { collapsed: true, position: 'topright' }).addTo(map);
    placeList(map, painter);
    if (!opts.noLegend) { legend(map, blob.legend); }
    if (opts.title !== false) { titleBox(map, opts.title || view.title || blob.title, opts.subtitle || view.subtitle || blob.subtitle); }
    if (!opts.keepView) { GM.frame(map, painter.bounds(), 0.25); }
    var entry = { map: map, painter: painter, view: view };
    GM.maps.push(entry);
    return entry;
  }

  // ---- entry points ------------------------------------------------------------------------
  GM.single = function (map, blob) {
    setup(map, blob, blob.view);
    root.geomapReady = true;
  };

  GM.sync = function (a, b) {
    var busy = false;
    function follow(src, dst) {
      return function () {
        if (busy) { return; }
        busy = true;
        dst.setView(src.getCenter(), src.getZoom(), { animate: false });
        busy = false;
      };
    }
    a.on('move zoomend', follow(a, b));
    b.on('move zoomend', follow(b, a));
  };

  GM.compare = function (mapA, mapB, blob) {
    var A = setup(mapA, blob, blob.left, { noLegend: true });
    var B = setup(mapB, blob, blob.right, {});
    GM.frame(mapA, framing([A.painter.extents(), B.painter.extents()]), 0.25, function () {
      mapB.setView(mapA.getCenter(), mapA.getZoom(), { animate: false });
    });
    GM.sync(mapA, mapB);
    var list = document.getElementById('gm-changes');
    if (list) { changeList(list, blob); }
    root.geomapReady = true;
  };

  function changeList(box, blob) {
    var T = blob.tables, rows = blob.right.changes || [];
    add(box, el('h2', null, 'What changed, ' + blob.left.date + ' → ' + blob.right.date));
    if (!rows.length) { add(box, el('p', null, 'No change in control or new fighting reported.')); return; }
    var ul = add(box, el('ul'));
    var B = GM.maps[GM.maps.length - 1];
    var marks = B.painter.groups.changes.getLayers();
    rows.forEach(function (row, i) {
      var li = add(ul, el('li', 'gm-change gm-change-' + row[1]));
      // a button, so the list works by keyboard too: it shows the place on both maps
      var btn = add(li, el('button', 'gm-link', GM.placeName(T.places[row[0]])));
      btn.type = 'button';
      btn.addEventListener('click', function () {
        var P = T.places[row[0]];
        B.map.setView([P[1], P[2]], Math.max(B.map.getZoom(), 9), { animate: false });
        if (marks[i]) { marks[i].openPopup(); }
      });
      li.appendChild(document.createTextNode(': ' + changeText(row)));
    });
  }

  // Timeline: control is stored as changes per date; replay them up to the chosen date.
  GM.timeline = function (map, blob) {
    var tl = blob.timeline, dates = tl.dates;
    var LAYERS = ['control', 'fighting', 'sieges', 'moves', 'regions', 'mentioned'];
    function rowKey(layer, row) {
      return layer === 'moves' ? row[0] + '|' + row[1] + '|' + row[2] : String(row[0]);
    }
    function viewAt(i) {
      var state = {};
      LAYERS.forEach(function (k) { state[k] = {}; });
      for (var j = 0; j <= i; j++) {
        var step = tl.steps[j];
        LAYERS.forEach(function (k) {
          (step['-' + k] || []).forEach(function (key) { delete state[k][key]; });
          (step[k] || []).forEach(function (row) { state[k][rowKey(k, row)] = row; });
        });
      }
      var v = { date: dates[i], window: tl.window };
      LAYERS.forEach(function (k) {
        v[k] = Object.keys(state[k]).sort().map(function (key) { return state[k][key]; });
      });
      return v;
    }
    var start = dates.length - 1;
    var first = viewAt(start);
    var entry = setup(map, blob, first, { title: blob.title, subtitle: 'as of ' + dates[start] });
    var sub = map.getContainer().querySelector('.gm-title-sub');
    var C = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var d = el('div', 'gm-slider');
        var prev = add(d, el('button', 'gm-prev', '◀'));
        prev.type = 'button'; prev.setAttribute('aria-label', 'previous date');
        var input = add(d, el('input'));
        input.type = 'range'; input.min = 0; input.max = dates.length - 1; input.step = 1;
        input.value = start; input.setAttribute('aria-label', 'date');
        var next = add(d, el('button', 'gm-next', '▶'));
        next.type = 'button'; next.setAttribute('aria-label', 'next date');
        var label = add(d, el('span', 'gm-slider-date', dates[start]));
        function go(i) {
          i = Math.max(0, Math.min(dates.length - 1, i));
          input.value = i; label.textContent = dates[i];
          if (sub) { sub.textContent = 'as of ' + dates[i]; }
          map.closePopup();
          var v = viewAt(i);
          entry.painter.draw(v);
          entry.view = v;
          root.geomapDate = dates[i];
        }
        // Play steps through the dates once a second, from the start if at the end.
        var play = add(d, el('button', 'gm-play', 'Play'));
        play.type = 'button'; play.setAttribute('aria-pressed', 'false');
        var timer = null;
        function stop() {
          if (timer) { clearInterval(timer); timer = null; }
          play.textContent = 'Play'; play.setAttribute('aria-pressed', 'false');
        }
        play.addEventListener('click', function () {
          if (timer) { stop(); return; }
          if (parseInt(input.value, 10) >= dates.length - 1) { go(0); }
          play.textContent = 'Pause'; play.setAttribute('aria-pressed', 'true');
          timer = setInterval(function () {
            var i = parseInt(input.value, 10) + 1;
            if (i >= dates.length) { stop(); return; }
            go(i);
          }, 1000);
        });
        input.addEventListener('input', function () { go(parseInt(input.value, 10)); });
        prev.addEventListener('click', function () { go(parseInt(input.value, 10) - 1); });
        next.addEventListener('click', function () { go(parseInt(input.value, 10) + 1); });
        GM.go = go;
        L.DomEvent.disableClickPropagation(d);
        return d;
      }
    });
    new C().addTo(map);
    root.geomapDate = dates[start];
    var extents = [];
    for (var i = 0; i < dates.length; i++) {
      entry.painter.draw(viewAt(i));
      extents.push(entry.painter.extents());
    }
    entry.painter.draw(first);
    GM.frame(map, framing(extents), 0.25);
    root.geomapReady = true;
  };

  // For tests and screenshots: the pixel position of a drawn symbol.
  GM.symbolPoint = function (mapIndex, group, i) {
    var e = GM.maps[mapIndex], layers = e.painter.groups[group].getLayers();
    var m = layers[i];
    var p = e.map.latLngToContainerPoint(m.getLatLng()).add([m.options.dx || 0, m.options.dy || 0]);
    var r = e.map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  };
  GM.names = function (mapIndex, group) {
    return GM.maps[mapIndex].painter.groups[group].getLayers().map(function (l) { return l.gmName; });
  };
  GM.counts = function (mapIndex) {
    var e = GM.maps[mapIndex || 0], out = {};
    Object.keys(e.painter.groups).forEach(function (k) {
      out[k] = e.painter.groups[k].getLayers().length;
    });
    return out;
  };
}(window));
