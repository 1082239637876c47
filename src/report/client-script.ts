/**
 * The browser half of the report: draws the plot specs planned in plots.ts with d3 (inlined in the
 * HTML) as SVG with axes, legends and hover read-outs. It reads its data from the JSON block
 * <script id="batsafe-data">, draws each plot into <div id="plot-<id>">, and sets
 * window.__batsafeReport = { ready, drawn, failed } for the PDF writer and the browser test.
 *
 * Kept as plain ES2020 in a string (no backticks, no template placeholders) so that the HTML is
 * self-contained and no bundler is needed.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('batsafe-data').textContent);
  var colours = d3.schemeTableau10;
  var dashes = [null, '6,3', '2,2', '8,3,2,3', '1,3'];
  var W = 760, H = 330, M = { top: 16, right: 24, bottom: 48, left: 80 };
  var runCount = data.runLabels.length;
  var fmt = d3.format('.4~g');
  var status = { ready: false, drawn: 0, failed: [] };
  window.__batsafeReport = status;

  function svgFor(container, width, height) {
    return d3.select(container).append('svg')
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('width', '100%')
      .attr('preserveAspectRatio', 'xMidYMid meet')
      .attr('role', 'img');
  }

  function tooltip(container) {
    return d3.select(container).append('div').attr('class', 'tooltip').style('display', 'none');
  }

  // x scale of a plot: linear (nice) or symmetric-log with explicit 0, 1-2-5 decade ticks.
  function xScaleFor(spec, domain) {
    if (spec.xScale === 'symlog') {
      var sx = d3.scaleSymlog().constant(spec.xSymlogConstant || 1).domain(domain).range([M.left, W - M.right]);
      var ticks = [], lastPx = -Infinity;
      var lo = Math.max(domain[0], 0), hi = domain[1];
      var candidates = [0];
      for (var k = Math.floor(Math.log10(spec.xSymlogConstant || 1)) - 1; Math.pow(10, k) <= hi; k++) {
        [1, 2, 5].forEach(function (m) { candidates.push(m * Math.pow(10, k)); });
      }
      candidates.filter(function (v) { return v >= lo && v <= hi; }).forEach(function (v) {
        if (sx(v) - lastPx >= 34) { ticks.push(v); lastPx = sx(v); }
      });
      sx.batsafeTicks = ticks;
      return sx;
    }
    return d3.scaleLinear().domain(domain).nice().range([M.left, W - M.right]);
  }

  function bottomAxis(x) {
    var a = d3.axisBottom(x);
    return x.batsafeTicks ? a.tickValues(x.batsafeTicks).tickFormat(d3.format('~g')) : a.ticks(8);
  }

  function axes(svg, x, y, spec, yLog) {
    var g = svg.append('g');
    var grid = x.batsafeTicks ? d3.axisBottom(x).tickValues(x.batsafeTicks) : d3.axisBottom(x).ticks(8);
    g.append('g').attr('class', 'grid').attr('transform', 'translate(0,' + (H - M.bottom) + ')')
      .call(grid.tickSize(-(H - M.top - M.bottom)).tickFormat(''));
    g.append('g').attr('class', 'grid').attr('transform', 'translate(' + M.left + ',0)')
      .call(d3.axisLeft(y).ticks(6).tickSize(-(W - M.left - M.right)).tickFormat(''));
    g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (H - M.bottom) + ')').call(bottomAxis(x));
    g.append('g').attr('class', 'axis').attr('transform', 'translate(' + M.left + ',0)')
      .call(yLog ? d3.axisLeft(y).ticks(6, '~g') : d3.axisLeft(y).ticks(6));
    g.append('text').attr('class', 'axis-label').attr('x', (M.left + W - M.right) / 2).attr('y', H - 8)
      .attr('text-anchor', 'middle').text(spec.xLabel);
    g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)')
      .attr('x', -(M.top + H - M.bottom) / 2).attr('y', 14).attr('text-anchor', 'middle').text(spec.yLabel || spec.zLabel);
  }

  function legend(container, items) {
    var div = d3.select(container).append('div').attr('class', 'legend');
    items.forEach(function (it) {
      var span = div.append('span').attr('class', 'legend-item');
      var sw = span.append('svg').attr('width', 26).attr('height', 10);
      if (it.kind === 'area') sw.append('rect').attr('width', 26).attr('height', 10).attr('fill', it.colour).attr('opacity', 0.8);
      else if (it.kind === 'marker') sw.append('circle').attr('cx', 13).attr('cy', 5).attr('r', 4).attr('fill', it.colour).attr('stroke', '#222');
      else sw.append('line').attr('x1', 0).attr('x2', 26).attr('y1', 5).attr('y2', 5).attr('stroke', it.colour)
        .attr('stroke-width', it.kind === 'ref' ? 1.5 : 2.5).attr('stroke-dasharray', it.dash || null);
      span.append('span').text(it.label);
    });
  }

  function seriesStyle(spec, s) {
    var sameRun = spec.series.filter(function (o) { return o.run === s.run; });
    var within = sameRun.indexOf(s);
    if (runCount > 1) return { colour: colours[s.run % colours.length], dash: dashes[within % dashes.length] };
    return { colour: colours[spec.series.indexOf(s) % colours.length], dash: null };
  }

  function drawLine(container, spec) {
    var xs = [], ys = [];
    spec.series.forEach(function (s) { xs = xs.concat(d3.extent(s.x)); ys = ys.concat(d3.extent(s.y)); });
    spec.markers.forEach(function (m) { if (isFinite(m.x) && isFinite(m.y)) { xs.push(m.x); ys.push(m.y); } });
    xs = xs.filter(function (v) { return isFinite(v); });
    ys = ys.filter(function (v) { return isFinite(v) && (!spec.yLog || v > 0); });
    // A reference line far outside the data (e.g. a 100 kN limit over a 10 kN curve) would flatten
    // the curve: it stays off scale and its legend entry says so.
    var offScale = [];
    var dx = d3.extent(xs), dy = d3.extent(ys);
    spec.refLines.forEach(function (l) {
      var ext = l.axis === 'x' ? dx : dy;
      var near = spec.yLog && l.axis === 'y'
        ? l.value > 0 && l.value <= ext[1] * 30 && l.value >= ext[0] / 30
        : l.value >= ext[0] - 0.6 * (ext[1] - ext[0]) && l.value <= ext[1] + 0.6 * (ext[1] - ext[0]);
      if (near || ext[0] === undefined) { (l.axis === 'x' ? xs : ys).push(l.value); } else offScale.push(l);
    });
    var x = xScaleFor(spec, d3.extent(xs));
    var yDomain = d3.extent(ys);
    if (yDomain[0] === yDomain[1]) yDomain = spec.yLog ? [yDomain[0] / 2, yDomain[1] * 2] : [yDomain[0] - 1, yDomain[1] + 1];
    if (!spec.yLog) {
      var mid = (yDomain[0] + yDomain[1]) / 2, span = yDomain[1] - yDomain[0];
      if (spec.yMinSpan && span < spec.yMinSpan) { span = spec.yMinSpan; yDomain = [mid - span / 2, mid + span / 2]; }
      yDomain = [yDomain[0] - (yDomain[0] < 0 ? 0.04 * span : 0), yDomain[1] + 0.06 * span]; // headroom above the peak
    }
    var y = (spec.yLog ? d3.scaleLog() : d3.scaleLinear()).domain(yDomain).nice().range([H - M.bottom, M.top]);
    var svg = svgFor(container, W, H);
    axes(svg, x, y, spec, spec.yLog);
    var clipId = 'clip-' + spec.id;
    svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top)
      .attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom);
    var plotArea = svg.append('g').attr('clip-path', 'url(#' + clipId + ')');
    var items = [];
    var placed = []; // label boxes already drawn, so that marker labels avoid them
    spec.refLines.forEach(function (l, i) {
      if (offScale.indexOf(l) >= 0) {
        items.push({ kind: 'ref', colour: '#7f8c8d', dash: '5,4', label: l.label + ' (off scale)' });
        return;
      }
      var isY = l.axis === 'y';
      var ownRun = runCount > 1 && l.run !== undefined && l.run !== null;
      var c = ownRun ? colours[l.run % colours.length] : /runaway|170|limit|stop|1 °C/.test(l.label) ? '#c0392b' : '#7f8c8d';
      var shown = ownRun ? l.label.replace(data.runLabels[l.run] + ': ', '') : l.label;
      plotArea.append('line').attr('class', 'ref-line')
        .attr('x1', isY ? M.left : x(l.value)).attr('x2', isY ? W - M.right : x(l.value))
        .attr('y1', isY ? y(l.value) : M.top).attr('y2', isY ? y(l.value) : H - M.bottom)
        .attr('stroke', c).attr('stroke-dasharray', '5,4');
      if (isY) {
        var rx = W - M.right - 4, ry = y(l.value) - 4 < M.top + 10 ? y(l.value) + 13 : y(l.value) - 4, rw = 6.5 * shown.length;
        for (var q = 0; q < placed.length; q++) {
          if (Math.abs(placed[q].y - ry) < 12.5 && rx - rw < placed[q].x0 + placed[q].w && placed[q].x0 < rx && ry < H) { ry += 13; q = -1; }
        }
        placed.push({ x0: rx - rw, y: ry, w: rw });
        plotArea.append('text').attr('class', 'ref-label').attr('fill', c).attr('x', rx).attr('y', ry)
          .attr('text-anchor', 'end').text(shown);
      } else {
        // Vertical lines carry their label along the line, reading upwards from the x axis.
        var lx0 = x(l.value) - 4, ly0 = H - M.bottom - 6;
        plotArea.append('text').attr('class', 'ref-label').attr('fill', c)
          .attr('transform', 'translate(' + lx0 + ',' + ly0 + ') rotate(-90)').attr('text-anchor', 'start').text(shown);
      }
      items.push({ kind: 'ref', colour: c, dash: '5,4', label: l.label });
    });
    spec.series.forEach(function (s) {
      var st = seriesStyle(spec, s);
      var pts = s.x.map(function (v, i) { return [v, s.y[i]]; });
      plotArea.append('path').attr('class', 'mark line').attr('fill', 'none').attr('stroke', st.colour)
        .attr('stroke-width', 2).attr('stroke-dasharray', st.dash)
        .attr('d', d3.line().x(function (p) { return x(p[0]); }).y(function (p) { return y(p[1]); })(pts));
      items.push({ kind: 'line', colour: st.colour, dash: st.dash, label: s.label });
    });
    // Marker labels: the run is told by the colour, so a comparison drops the run prefix; labels
    // near the right edge anchor to their end, and a label that would overlap another moves down.
    var labelled = {};
    spec.markers.forEach(function (m) {
      if (!isFinite(m.x) || !isFinite(m.y)) return;
      var c = runCount > 1 ? colours[m.run % colours.length] : '#f1c40f';
      plotArea.append('circle').attr('class', 'marker').attr('cx', x(m.x)).attr('cy', y(m.y)).attr('r', 5)
        .attr('fill', c).attr('stroke', '#222').attr('stroke-width', 1.2);
      var text = runCount > 1 ? m.label.replace(data.runLabels[m.run] + ': ', '') : m.label;
      // Many cells of a pack raise the same event: label its first marker per run, the others
      // carry the label as a hover title only.
      var labelKey = m.run + '|' + text;
      if (labelled[labelKey]) {
        plotArea.select('circle.marker:last-of-type').append('title').text(m.label);
        return;
      }
      labelled[labelKey] = true;
      var right = x(m.x) > W - M.right - 160;
      var lx = right ? x(m.x) - 8 : x(m.x) + 8;
      var ly = Math.max(M.top + 10, y(m.y) - 8);
      var width = 7 * text.length;
      var x0 = right ? lx - width : lx;
      for (var k = 0; k < placed.length; k++) {
        var p = placed[k];
        // 12.5 < 13: a label moved to exactly p.y + 13 must not collide with p again (rounding).
        if (Math.abs(p.y - ly) < 12.5 && x0 < p.x0 + p.w && p.x0 < x0 + width && ly < H) { ly = Math.max(ly + 1, p.y + 13); k = -1; }
      }
      placed.push({ x0: x0, y: ly, w: width });
      plotArea.append('text').attr('class', 'marker-label').attr('x', lx).attr('y', ly)
        .attr('text-anchor', right ? 'end' : 'start').text(text);
    });
    legend(container, items);
    hover(container, svg, x, y, spec);
  }

  function nearestIndex(arr, v) {
    var best = 0, bestD = Infinity;
    for (var i = 0; i < arr.length; i++) { var d = Math.abs(arr[i] - v); if (d < bestD) { bestD = d; best = i; } }
    return best;
  }

  function hover(container, svg, x, y, spec) {
    var tip = tooltip(container);
    var rule = svg.append('line').attr('class', 'hover-rule').attr('y1', M.top).attr('y2', H - M.bottom).style('display', 'none');
    var dots = spec.series.map(function (s) {
      return svg.append('circle').attr('r', 3.5).attr('fill', seriesStyle(spec, s).colour).style('display', 'none');
    });
    svg.append('rect').attr('class', 'hover-overlay').attr('x', M.left).attr('y', M.top)
      .attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom).attr('fill', 'transparent')
      .on('mousemove', function (event) {
        var p = d3.pointer(event, svg.node());
        var xv = x.invert(p[0]);
        rule.attr('x1', p[0]).attr('x2', p[0]).style('display', null);
        var unitMatch = /\[([^\]]+)\]$/.exec(spec.yLabel || '');
        var yUnit = unitMatch ? ' ' + unitMatch[1] : '';
        var lines = [spec.xLabel + ': ' + fmt(xv)];
        spec.series.forEach(function (s, k) {
          if (!s.x.length) return;
          var i = nearestIndex(s.x, xv);
          dots[k].attr('cx', x(s.x[i])).attr('cy', y(s.y[i])).style('display', null);
          lines.push(s.label + ': ' + fmt(s.y[i]) + yUnit);
        });
        var box = container.getBoundingClientRect();
        var px = event.clientX - box.left, py = event.clientY - box.top;
        tip.style('display', null).style('left', (px + 14) + 'px').style('top', (py + 10) + 'px').text('');
        lines.forEach(function (t) { tip.append('div').text(t); });
      })
      .on('mouseleave', function () {
        rule.style('display', 'none'); tip.style('display', 'none');
        dots.forEach(function (d) { d.style('display', 'none'); });
      });
  }

  function drawStacked(container, spec) {
    var rows = spec.x.map(function (t, i) {
      var r = { t: t };
      spec.layers.forEach(function (l, k) { r[k] = l.y[i]; });
      return r;
    });
    var keys = spec.layers.map(function (l, k) { return k; });
    var stacked = d3.stack().keys(keys).offset(d3.stackOffsetDiverging)(rows);
    var lo = d3.min(stacked, function (s) { return d3.min(s, function (d) { return d[0]; }); });
    var hi = d3.max(stacked, function (s) { return d3.max(s, function (d) { return d[1]; }); });
    if (lo === hi) hi = lo + 1;
    var x = xScaleFor(spec, d3.extent(spec.x));
    var y = d3.scaleLinear().domain([Math.min(0, lo), hi]).nice().range([H - M.bottom, M.top]);
    var svg = svgFor(container, W, H);
    axes(svg, x, y, spec, false);
    var area = d3.area().x(function (d) { return x(d.data.t); }).y0(function (d) { return y(d[0]); }).y1(function (d) { return y(d[1]); });
    var items = [];
    stacked.forEach(function (s, k) {
      var c = colours[k % colours.length];
      svg.append('path').attr('class', 'mark area').attr('fill', c).attr('opacity', 0.8).attr('d', area(s));
      items.push({ kind: 'area', colour: c, label: spec.layers[k].label });
    });
    legend(container, items);
    var tip = tooltip(container);
    var rule = svg.append('line').attr('class', 'hover-rule').attr('y1', M.top).attr('y2', H - M.bottom).style('display', 'none');
    svg.append('rect').attr('class', 'hover-overlay').attr('x', M.left).attr('y', M.top)
      .attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom).attr('fill', 'transparent')
      .on('mousemove', function (event) {
        var p = d3.pointer(event, svg.node());
        var i = nearestIndex(spec.x, x.invert(p[0]));
        rule.attr('x1', x(spec.x[i])).attr('x2', x(spec.x[i])).style('display', null);
        var box = container.getBoundingClientRect();
        tip.style('display', null).style('left', (event.clientX - box.left + 14) + 'px').style('top', (event.clientY - box.top + 10) + 'px').text('');
        tip.append('div').text(spec.xLabel + ': ' + fmt(spec.x[i]));
        spec.layers.forEach(function (l) { tip.append('div').text(l.label + ': ' + fmt(l.y[i]) + ' W'); });
      })
      .on('mouseleave', function () { rule.style('display', 'none'); tip.style('display', 'none'); });
  }

  function colourBar(svg, colour, domain, x0, y0, width, label, id) {
    var gradId = 'grad-' + id;
    var grad = svg.append('defs').append('linearGradient').attr('id', gradId);
    d3.range(0, 1.0001, 0.1).forEach(function (f) {
      grad.append('stop').attr('offset', (f * 100) + '%').attr('stop-color', colour(domain[0] + f * (domain[1] - domain[0])));
    });
    svg.append('rect').attr('x', x0).attr('y', y0).attr('width', width).attr('height', 10).attr('fill', 'url(#' + gradId + ')');
    var s = d3.scaleLinear().domain(domain).range([x0, x0 + width]);
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (y0 + 10) + ')').call(d3.axisBottom(s).ticks(4));
    svg.append('text').attr('class', 'axis-label').attr('x', x0 + width / 2).attr('y', y0 - 4).attr('text-anchor', 'middle').text(label);
  }

  function drawHeatmap(container, spec) {
    var HH = Math.max(180, 26 * spec.rows.length + 110);
    var svg = svgFor(container, W, HH);
    var x = d3.scaleLinear().domain(d3.extent(spec.x)).range([M.left, W - M.right]);
    var y = d3.scaleBand().domain(spec.rows.map(function (r) { return r.label; })).range([M.top, HH - 90]).padding(0.05);
    var all = [];
    spec.rows.forEach(function (r) { r.z.forEach(function (v) { if (isFinite(v)) all.push(v); }); });
    var domain = d3.extent(all);
    if (domain[0] === domain[1]) domain = [domain[0] - 1, domain[1] + 1];
    var colour = d3.scaleSequential(d3.interpolateInferno).domain(domain);
    var tip = tooltip(container);
    spec.rows.forEach(function (r) {
      r.z.forEach(function (v, i) {
        var x0 = x(spec.x[i]);
        var x1 = i + 1 < spec.x.length ? x(spec.x[i + 1]) : W - M.right;
        svg.append('rect').attr('class', 'mark cell').attr('shape-rendering', 'crispEdges').attr('x', x0).attr('y', y(r.label))
          .attr('width', Math.max(0.5, x1 - x0 + 0.3)).attr('height', y.bandwidth())
          .attr('fill', isFinite(v) ? colour(v) : '#ddd')
          .on('mousemove', function (event) {
            var box = container.getBoundingClientRect();
            tip.style('display', null).style('left', (event.clientX - box.left + 14) + 'px').style('top', (event.clientY - box.top + 10) + 'px')
              .text(r.label + ', t = ' + fmt(spec.x[i]) + ' s: ' + fmt(v) + ' °C');
          })
          .on('mouseleave', function () { tip.style('display', 'none'); });
      });
    });
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (HH - 90) + ')').call(d3.axisBottom(x).ticks(8));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(' + M.left + ',0)').call(d3.axisLeft(y));
    svg.append('text').attr('class', 'axis-label').attr('x', (M.left + W - M.right) / 2).attr('y', HH - 58).attr('text-anchor', 'middle').text(spec.xLabel);
    spec.refLines.forEach(function (l) {
      svg.append('line').attr('class', 'ref-line').attr('x1', x(l.value)).attr('x2', x(l.value)).attr('y1', M.top).attr('y2', HH - 90)
        .attr('stroke', '#2980b9').attr('stroke-width', 2).attr('stroke-dasharray', '5,4');
      svg.append('text').attr('class', 'ref-label').attr('fill', '#2980b9').attr('x', x(l.value) + 4).attr('y', M.top + 12).text(l.label);
    });
    colourBar(svg, colour, domain, W - M.right - 260, HH - 30, 260, spec.zLabel, spec.id);
  }

  function drawSection(container, spec) {
    var all = [];
    spec.panels.forEach(function (p) { all = all.concat(p.nodes); });
    var ux = d3.extent(all, function (n) { return n[0]; }), vy = d3.extent(all, function (n) { return n[1]; });
    var PW = 250, PH = 250, pad = 10;
    var span = Math.max(ux[1] - ux[0], vy[1] - vy[0]) || 1;
    var k = (PW - 2 * pad) / span;
    var fields = {};
    spec.panels.forEach(function (p) {
      var e = d3.extent(p.values.filter(function (v) { return isFinite(v); }));
      var f = fields[p.field] || [e[0], e[1]];
      fields[p.field] = [Math.min(f[0], e[0]), Math.max(f[1], e[1])];
    });
    var grid = d3.select(container).append('div').attr('class', 'section-grid');
    var tip = tooltip(container);
    spec.panels.forEach(function (p, pi) {
      var domain = fields[p.field];
      if (domain[0] === domain[1]) domain = [domain[0] - 1, domain[1] + 1];
      var interp = /°C|Temperature/.test(p.field) ? d3.interpolateInferno : d3.interpolateViridis;
      var colour = d3.scaleSequential(interp).domain(domain);
      var cell = grid.append('div').attr('class', 'section-panel');
      cell.append('div').attr('class', 'section-title').text(p.field + ' at ' + p.title);
      var svg = svgFor(cell.node(), PW, PH + 50);
      spec.cells.forEach(function (c, ci) {
        var d = c.map(function (n, j) {
          var q = p.nodes[n];
          return (j ? 'L' : 'M') + (pad + (q[0] - ux[0]) * k).toFixed(2) + ',' + (PH - pad - (q[1] - vy[0]) * k).toFixed(2);
        }).join('') + 'Z';
        svg.append('path').attr('class', 'mark cell').attr('d', d).attr('fill', colour(p.values[ci]))
          .attr('stroke', 'rgba(0,0,0,0.15)').attr('stroke-width', 0.3)
          .on('mousemove', function (event) {
            var box = container.getBoundingClientRect();
            tip.style('display', null).style('left', (event.clientX - box.left + 14) + 'px').style('top', (event.clientY - box.top + 10) + 'px')
              .text(p.field + ': ' + fmt(p.values[ci]));
          })
          .on('mouseleave', function () { tip.style('display', 'none'); });
      });
      colourBar(svg, colour, domain, 20, PH + 14, PW - 40, '', spec.id + '-' + pi);
    });
  }

  var drawers = { line: drawLine, stacked: drawStacked, heatmap: drawHeatmap, section: drawSection };
  data.plots.forEach(function (spec) {
    var container = document.getElementById('plot-' + spec.id);
    try {
      if (!container) throw new Error('no container for plot ' + spec.id);
      drawers[spec.kind](container, spec);
      status.drawn += 1;
    } catch (e) {
      status.failed.push(spec.id + ': ' + (e && e.message));
      console.error('batsafe report: plot ' + spec.id + ' failed: ' + (e && e.stack));
    }
  });
  status.ready = true;
})();
`;
