/* geomap, part 1: DOM helpers, canvas symbols and evidence popups (shared through GM._).
 *
 * Every text that comes from an article is put into the page with textContent / text nodes,
 * never innerHTML, so a hostile article cannot run script. Links are kept only for http(s).
 * Data layout: see geomap/render/evidence.py (tables) and scene.py (layers).
 */
(function (root) {
  'use strict';
  var GM = root.GM = root.GM || {};
  GM.maps = [];
  // A place's name as lists, tooltips and popups show it: with where it is (its row's
  // last field) when another place on the page has the same name. Map labels keep the name.
  GM.placeName = function (P) { return P[7] ? P[0] + ' (' + P[7] + ')' : P[0]; };
  // A popup as wide as its map allows (a phone, a narrow embed), set again each time it opens:
  // the map may have had no size when the symbol was drawn, or have changed size since.
  GM.fitPopup = function (e) {
    var map = e.popup._map, o = e.popup.options;
    if (!map) { return; }
    var w = Math.max(200, Math.min(560, map.getSize().x - 50));
    if (o.maxWidth !== w) { o.maxWidth = w; o.minWidth = Math.min(220, w); e.popup.update(); }
  };

  // ---- small DOM helpers ---------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function safeHref(u) { return (typeof u === 'string' && /^https?:\/\//i.test(u)) ? u : ''; }

  var SIDE_LABEL = { RU: 'Russian side says', UA: 'Ukrainian side says', unknown: 'Others / narration' };
  var CTRL_LABEL = { RU: 'Russian control', UA: 'Ukrainian control', contested: 'Contested',
                     unknown: 'Control unknown' };
  var KIND_LABEL = {
    fighting: 'fighting', strike: 'strike / shelling', attack: 'attack', advance: 'advance',
    repelled: 'attack repelled', besieged: 'besieged / encircled', captured: 'captured',
    liberated: 'liberated', controls: 'controls', partial_control: 'partial control',
    withdrew: 'withdrew', holds: 'holds'
  };

  // ---- canvas symbols: one CircleMarker subclass drawing several shapes ------------------
  function shapePath(ctx, shape, x, y, r) {
    var i, a;
    if (shape === 'square') {
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
    } else if (shape === 'diamond') {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y);
      ctx.closePath();
    } else if (shape === 'tri-up') {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r * 0.9, y + r * 0.7); ctx.lineTo(x - r * 0.9, y + r * 0.7);
      ctx.closePath();
    } else if (shape === 'tri-down') {
      ctx.moveTo(x, y + r); ctx.lineTo(x + r * 0.9, y - r * 0.7); ctx.lineTo(x - r * 0.9, y - r * 0.7);
      ctx.closePath();
    } else if (shape === 'star') {
      for (i = 0; i < 10; i++) {
        a = Math.PI / 5 * i - Math.PI / 2;
        var rr = (i % 2) ? r * 0.45 : r;
        if (i === 0) { ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
        else { ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
      }
      ctx.closePath();
    } else {
      ctx.arc(x, y, r, 0, Math.PI * 2, false);
    }
  }

  function hatchPattern(ctx, color) {
    var key = '_gmHatch' + color;
    if (!ctx[key]) {
      var c = document.createElement('canvas');
      c.width = 6; c.height = 6;
      var g = c.getContext('2d');
      g.fillStyle = '#ffffff'; g.fillRect(0, 0, 6, 6);
      g.strokeStyle = color; g.lineWidth = 2.2;
      g.beginPath(); g.moveTo(-1, 7); g.lineTo(7, -1); g.moveTo(-1, 1); g.lineTo(1, -1);
      g.moveTo(5, 7); g.lineTo(7, 5); g.stroke();
      ctx[key] = ctx.createPattern(c, 'repeat');
    }
    return ctx[key];
  }

  // Place names are drawn only where they overlap no name drawn before them in this frame.
  function freeSpot(R, ctx, text, x, y) {
    ctx.font = '12px system-ui, sans-serif';
    var w = ctx.measureText(text).width, box = [x - 2, y - 12, x + w + 2, y + 4];
    var boxes = R._gmBoxes || (R._gmBoxes = []);
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { return false; }
    }
    boxes.push(box);
    return true;
  }

  var Canvas = L.Canvas.extend({
    _draw: function () {
      this._gmBoxes = [];
      L.Canvas.prototype._draw.call(this);
    }
  });

  var Marker = L.CircleMarker.extend({
    options: { shape: 'circle', hatch: null, partial: null, label: '', name: '', nameAlways: false,
      dx: 0, dy: 0, halo: null },
    _center: function () {
      return this._point.add([this.options.dx, this.options.dy]);
    },
    // The area Leaflet clears and redraws for this marker must cover its offset, halo and
    // text too, or names linger on the canvas when a layer is removed.
    _updateBounds: function () {
      var o = this.options, c = this._center();
      var r = this._radius + this._clickTolerance() + 3;
      var minX = c.x - r, minY = c.y - r, maxX = c.x + r, maxY = c.y + r;
      if (o.name) {
        maxX = Math.max(maxX, c.x + r + 8 + 8 * o.name.length);
        minY = Math.min(minY, c.y - 12); maxY = Math.max(maxY, c.y + 9);
      }
      if (o.label) {
        minX = Math.min(minX, c.x - 24); maxX = Math.max(maxX, c.x + 24);
        maxY = Math.max(maxY, c.y + r + 16);
      }
      this._pxBounds = L.bounds([minX, minY], [maxX, maxY]);
    },
    _containsPoint: function (p) {
      return p.distanceTo(this._center()) <= this._radius + this._clickTolerance();
    },
    _updatePath: function () {
      var R = this._renderer;
      if (!R._ctx) { R._updateCircle(this); return; }
      if (!R._drawing || this._empty()) { return; }
      var ctx = R._ctx, o = this.options, p = this._center();
      var r = Math.max(Math.round(this._radius), 1);
      if (o.halo) {  // a white ring under the symbol keeps it legible on any background
        ctx.beginPath(); shapePath(ctx, o.shape, p.x, p.y, r + 2);
        ctx.globalAlpha = 0.9; ctx.fillStyle = o.halo; ctx.fill();
      }
      ctx.beginPath();
      shapePath(ctx, o.shape, p.x, p.y, r);
      var fill = o.fillColor;
      if (o.hatch) { o.fillColor = hatchPattern(ctx, o.hatch); }
      if (o.partial !== null && o.partial !== undefined) {
        o.fillColor = '#ffffff';
      }
      R._fillStroke(ctx, this);
      o.fillColor = fill;
      if (o.partial !== null && o.partial !== undefined) {
        var h = 2 * r * Math.max(0, Math.min(1, o.partial / 100));
        ctx.save();
        ctx.beginPath(); shapePath(ctx, o.shape, p.x, p.y, r); ctx.clip();
        ctx.globalAlpha = o.fillOpacity; ctx.fillStyle = fill;
        ctx.fillRect(p.x - r - 1, p.y + r - h, 2 * r + 2, h + 1);
        ctx.restore();
        ctx.beginPath(); shapePath(ctx, o.shape, p.x, p.y, r);
        ctx.globalAlpha = o.opacity; ctx.lineWidth = o.weight; ctx.strokeStyle = o.color;
        ctx.stroke();
      }
      if (o.name && this._map && (this._map.getZoom() >= 8 || o.nameAlways) &&
          freeSpot(R, ctx, o.name, p.x + r + 5, p.y + 5)) {
        ctx.globalAlpha = 1;
        ctx.lineWidth = 3; ctx.strokeStyle = '#ffffff'; ctx.lineJoin = 'round';
        ctx.strokeText(o.name, p.x + r + 5, p.y + 5);
        ctx.fillStyle = '#222222'; ctx.fillText(o.name, p.x + r + 5, p.y + 5);
      }
      if (o.label) {
        freeSpot(R, ctx, o.label, p.x - 12, p.y + r + 11);  // reserve its place against names
        ctx.globalAlpha = 1;
        ctx.font = 'bold 11px system-ui, sans-serif';
        ctx.lineWidth = 3; ctx.strokeStyle = '#ffffff'; ctx.lineJoin = 'round';
        ctx.textAlign = 'center';
        ctx.strokeText(o.label, p.x, p.y + r + 11);
        ctx.fillStyle = '#222222'; ctx.fillText(o.label, p.x, p.y + r + 11);
        ctx.textAlign = 'start';
      }
    }
  });
  GM.Marker = Marker;

  // ---- evidence popups --------------------------------------------------------------------
  function reportNode(T, ri) {
    var r = T.reports[ri];
    var art = T.articles[r[0]], sentence = T.sentences[r[1]], m0 = r[2], m1 = r[3];
    var box = el('div', 'gm-claim' + (r[9] !== 'asserted' ? ' gm-not-fact' : ''));
    var q = add(box, el('blockquote', 'gm-quote'));
    q.appendChild(document.createTextNode(sentence.slice(0, m0)));
    add(q, el('mark', null, sentence.slice(m0, m1)));
    q.appendChild(document.createTextNode(sentence.slice(m1)));
    var what = (KIND_LABEL[r[4]] || r[4]) + (r[5] !== 'unknown' ? ' · by ' + r[5] : '');
    if (r[10] !== null && r[10] !== undefined) { what += ' · ' + r[10] + '%'; }
    add(box, el('div', 'gm-meta', what));
    if (r[9] !== 'asserted') {
      add(box, el('div', 'gm-modality', r[9].toUpperCase() + ' — not drawn as a fact'));
    }
    var who = r[6] ? 'Claimed by ' + r[6] + (r[11] ? ' (quoted)' : '') : 'Claimed by: not stated';
    add(box, el('div', 'gm-meta', who));
    add(box, el('div', 'gm-meta', 'Date: ' + r[8]));
    var src = add(box, el('div', 'gm-meta gm-source'));
    var href = safeHref(art[1]);
    var title = art[0] || (href ? href : '');
    if (title && href) {
      var a = add(src, el('a', null, title));
      a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer nofollow';
    } else if (title) {
      add(src, el('span', 'gm-art-title', title));
    }
    if (art[2] && art[2] !== href) {
      add(src, el('span', 'gm-file', (title ? ' — ' : '') + (/^[a-z][a-z0-9+.-]*:/i.test(art[2]) ? '' : 'file: ') + art[2]));
    }
    add(box, el('div', 'gm-meta', 'Article dated: ' + art[3]));
    if (r[14] || (r[13] !== undefined && r[13] < 1)) {  // for editors: why the tool read it so
      add(box, el('div', 'gm-why', 'Read by rule ' + (r[14] || '?') + ' · confidence ' + r[13]));
    }
    return box;
  }

  var MAX_CLAIMS = 12;

  // Claims grouped by the side that makes them: in columns side by side, or stacked when
  // ``stack`` (inside a column already).
  function claimsNode(T, ids, title, stack) {
    var wrap = el('div', 'gm-claims');
    if (title) { add(wrap, el('div', 'gm-claims-title', title)); }
    var groups = { RU: [], UA: [], unknown: [] };
    ids.slice(0, MAX_CLAIMS).forEach(function (ri) {
      var side = T.reports[ri][7];
      (groups[side] || groups.unknown).push(ri);
    });
    var sides = ['RU', 'UA', 'unknown'].filter(function (s) { return groups[s].length; });
    var cols = add(wrap, el('div', sides.length > 1 && !stack ? 'gm-sides' : 'gm-one-side'));
    sides.forEach(function (s) {
      var col = add(cols, el('div', 'gm-side gm-side-' + s));
      if (sides.length > 1 || s !== 'unknown') { add(col, el('div', 'gm-side-title', SIDE_LABEL[s])); }
      groups[s].forEach(function (ri) { add(col, reportNode(T, ri)); });
    });
    if (ids.length > MAX_CLAIMS) {
      add(wrap, el('div', 'gm-more', '+ ' + (ids.length - MAX_CLAIMS) + ' more reports'));
    }
    return wrap;
  }

  function popupNode(T, pi, headline, ids, contra) {
    var P = T.places[pi];
    var box = el('div', 'gm-popup');
    add(box, el('h3', null, GM.placeName(P)));
    add(box, el('div', 'gm-headline', headline));
    if (P[4] > 0 || P[3] !== 'exact') {
      add(box, el('div', 'gm-approx', 'Approximate position' + (P[4] > 0 ? ' (± ' + P[4] + ' km, ' : ' (') + P[3] + ')'));
    }
    if (contra && contra.length) {
      // what the map shows and what contradicts it, next to each other
      var both = add(box, el('div', 'gm-sides gm-conflict'));
      add(add(both, el('div', 'gm-side')), claimsNode(T, ids, 'Supporting what is drawn', true));
      add(add(both, el('div', 'gm-side')), claimsNode(T, contra, 'Conflicting claims', true));
    } else {
      add(box, claimsNode(T, ids, ''));
    }
    return box;
  }

  GM._ = { el: el, add: add, Canvas: Canvas, Marker: Marker, popupNode: popupNode,
    CTRL_LABEL: CTRL_LABEL, KIND_LABEL: KIND_LABEL };
}(window));
