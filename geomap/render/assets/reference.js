/* geomap, part 3 (only in pages with a reference): a reference area of control drawn under the
 * reports, and a badge per checked place saying whether the reports agree with it.
 *
 * Data layout: geomap/render/reference_layer.py (view.reference). The reference's name comes
 * from a user's file: it reaches the page as text nodes, and escaped for Leaflet's layer list
 * (which sets labels with innerHTML).
 */
(function (root) {
  'use strict';
  var GM = root.GM;
  var el = GM._.el, add = GM._.add, popupNode = GM._.popupNode, CTRL_LABEL = GM._.CTRL_LABEL;

  var HEAD = {
    agrees: 'Agrees with the reference',
    disagrees: 'Disagrees with the reference',
    'near line': 'Near the reference\'s line: too close to call'
  };
  // colour *and* shape and glyph differ, so the badges read without colour vision too
  var BADGE = {
    agrees: { shape: 'circle', fillColor: '#009E73', glyph: 'tick' },
    disagrees: { shape: 'square', fillColor: '#222222', glyph: 'cross' },
    'near line': { shape: 'diamond', fillColor: '#56B4E9', glyph: 'bar', glyphColor: '#222222' }
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }[c];
    });
  }

  // Leaflet keeps its layer controls to itself: remember each one made, to add ours to it.
  var controls = [];
  var makeLayers = L.control.layers;
  L.control.layers = function (bases, overlays, options) {
    var c = makeLayers(bases, overlays, options);
    controls.push(c);
    return c;
  };

  var Badge = GM.Marker.extend({
    options: { glyph: '', glyphColor: '#ffffff' },
    _updatePath: function () {
      GM.Marker.prototype._updatePath.call(this);
      var R = this._renderer;
      if (!R._ctx || !R._drawing || this._empty()) { return; }
      var ctx = R._ctx, p = this._center(), r = this._radius * 0.55, g = this.options.glyph;
      ctx.save();
      ctx.globalAlpha = 1; ctx.lineWidth = 2; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      ctx.strokeStyle = this.options.glyphColor;
      ctx.beginPath();
      if (g === 'tick') {
        ctx.moveTo(p.x - r, p.y); ctx.lineTo(p.x - r * 0.2, p.y + r * 0.8); ctx.lineTo(p.x + r, p.y - r * 0.8);
      } else if (g === 'cross') {
        ctx.moveTo(p.x - r, p.y - r); ctx.lineTo(p.x + r, p.y + r);
        ctx.moveTo(p.x + r, p.y - r); ctx.lineTo(p.x - r, p.y + r);
      } else if (g === 'bar') {
        ctx.moveTo(p.x - r, p.y); ctx.lineTo(p.x + r, p.y);
      }
      ctx.stroke();
      ctx.restore();
    }
  });

  function hatch(color) {
    var c = document.createElement('canvas');
    c.width = 8; c.height = 8;
    var g = c.getContext('2d');
    g.globalAlpha = 0.12; g.fillStyle = color; g.fillRect(0, 0, 8, 8);
    g.globalAlpha = 0.5; g.strokeStyle = color; g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(-1, 9); g.lineTo(9, -1); g.moveTo(-1, 1); g.lineTo(1, -1);
    g.moveTo(7, 9); g.lineTo(9, 7); g.stroke();
    return g.createPattern(c, 'repeat');
  }

  function infoNode(ref, row) {
    // row: [place, verdict, claimed, reference side, distance_km, stale, as_of, reports]
    var box = el('div', 'gm-ref-info');
    var said = CTRL_LABEL[row[2]] || row[2];
    add(box, el('div', 'gm-meta', 'Reports say: ' + said + (row[6] ? ' (as of ' + row[6] + ')' : '') +
      (row[5] ? ' · stale: no recent report' : '')));
    var inside = row[3] === ref.controller;
    add(box, el('div', 'gm-meta', 'Reference says: ' + (CTRL_LABEL[row[3]] || row[3]) +
      (inside ? ' (inside its area)' : ' (outside its area)')));
    var d = Math.abs(row[4]);
    add(box, el('div', 'gm-meta', d >= 9999 ? 'The reference\'s area has no edge inside Ukraine'
      : 'Distance to the reference\'s edge: ' + d.toFixed(1) + ' km ' + (row[4] >= 0 ? 'inside' : 'outside')));
    add(box, el('div', 'gm-meta gm-ref-source', ref.label));
    return box;
  }

  // The check as a table of buttons: the badges for keyboards, screen readers and phones.
  function table(map, ref, T, badges) {
    var C = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var d = el('div', 'gm-list gm-ref-table');
        var det = add(d, el('details'));
        var n = ref.counts;
        add(det, el('summary', null, 'Reference check (agrees ' + n.agrees + ', disagrees ' +
          n.disagrees + ', near line ' + n['near line'] + ')'));
        var tbl = add(add(det, el('div', 'gm-ref-scroll')), el('table'));
        var hr = add(add(tbl, el('thead')), el('tr'));
        ['Place', 'Reports', 'Reference', 'Verdict', 'km inside (−: outside)'].forEach(function (h) {
          add(hr, el('th', null, h)).setAttribute('scope', 'col');
        });
        var body = add(tbl, el('tbody'));
        var marks = badges.getLayers();
        ref.rows.forEach(function (row, i) {
          var tr = add(body, el('tr', 'gm-ref-' + row[1].replace(' ', '-')));
          var b = add(add(tr, el('td')), el('button', 'gm-link', GM.placeName(T.places[row[0]])));
          b.type = 'button';
          b.addEventListener('click', function () {
            det.open = false;
            map.setView(marks[i].getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
            marks[i].openPopup();
          });
          add(tr, el('td', null, row[2]));
          add(tr, el('td', null, row[3]));
          add(tr, el('td', null, row[1]));
          add(tr, el('td', null, Math.abs(row[4]) >= 9999 ? '—' : row[4].toFixed(1)));
        });
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }
    });
    return new C().addTo(map);
  }

  function draw(entry, ref) {
    var map = entry.map, painter = entry.painter, T = painter.T, S = painter.S;
    var col = S[ref.controller] || S.RU;
    if (!map.getPane('gmRef')) {
      map.createPane('gmRef'); map.getPane('gmRef').style.zIndex = 350;  // under the symbols
    }
    var area = painter.groups.reference = L.featureGroup();
    var renderer = L.canvas({ pane: 'gmRef', padding: 0.3 });
    var fill = hatch(col);
    ref.polygons.forEach(function (geom) {
      L.geoJSON(geom, { renderer: renderer, interactive: false, style: function () {
        return { renderer: renderer, color: col, weight: 2.5, dashArray: '1 5', lineCap: 'round',
          opacity: 0.95, fillColor: fill, fillOpacity: 1, interactive: false };
      } }).addTo(area);
    });
    var badges = painter.groups.agreement = L.featureGroup();
    var width = Math.max(200, Math.min(560, map.getSize().x - 50));
    ref.rows.forEach(function (row) {
      var b = BADGE[row[1]];
      if (!b) { return; }
      var P = T.places[row[0]];
      var m = new Badge([P[1], P[2]], { renderer: painter.R, shape: b.shape, radius: 7, dx: -12,
        dy: -12, color: '#ffffff', weight: 1.5, fillColor: b.fillColor, fillOpacity: 1,
        halo: '#222222', glyph: b.glyph, glyphColor: b.glyphColor || '#ffffff' });
      m.bindPopup(function () {
        var box = popupNode(T, row[0], HEAD[row[1]], row[7]);
        var head = box.querySelector('.gm-headline');
        box.insertBefore(infoNode(ref, row), head.nextSibling);
        return box;
      }, { maxWidth: width, minWidth: Math.min(220, width), autoPanPaddingTopLeft: [12, 72],
        autoPanPaddingBottomRight: [12, 12], className: 'gm-leaflet-popup' });
      var tip = GM.placeName(P) + ': ' + row[1];
      m.bindTooltip(function () { return document.createTextNode(tip); },
        { direction: 'top', offset: [0, -6] });
      m.gmName = GM.placeName(P); m.gmHead = HEAD[row[1]]; m.gmPlace = row[0]; m.gmVerdict = row[1];
      m.addTo(badges);
    });
    area.addTo(map);
    badges.addTo(map);
    controls.forEach(function (c) {
      if (c._map !== map) { return; }
      c.addOverlay(area, escapeHtml(ref.label));
      c.addOverlay(badges, 'Agreement with the reference');
    });
    if (ref.rows.length) { table(map, ref, T, badges); }
    var names = map.getContainer().querySelectorAll('.gm-ref-name');
    for (var i = 0; i < names.length; i++) { names[i].textContent = ref.label; }
    if (!painter.bounds().isValid() && area.getLayers().length) {
      GM.frame(map, area.getBounds(), 0.1);
    }
  }

  function after() {
    GM.maps.forEach(function (entry) {
      if (entry.gmRef || !entry.view || !entry.view.reference) { return; }
      entry.gmRef = true;
      draw(entry, entry.view.reference);
    });
  }

  ['single', 'compare'].forEach(function (name) {
    var original = GM[name];
    GM[name] = function () {
      original.apply(GM, arguments);
      after();
    };
  });
}(window));
