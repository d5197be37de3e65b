/* Dashboards: redraw the charts from the page's JSON as the filters change.
   No library: plain SVG elements, the same palette as the server's charts. */
(function () {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var DASHES = ["", "6,3", "2,2", "8,3,2,3"];
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 640, LABEL = 170, ROW = 22;

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function format(cell) {
    if (!cell) { return ":"; }
    if (cell.flag === "c") { return "c"; }
    if (cell.value === null) { return ":"; }
    return cell.value.toLocaleString() + (cell.flag ? " " + cell.flag : "");
  }
  function known(cell) { return cell && cell.flag !== "c" && cell.value !== null; }
  function niceMax(value) {
    if (value <= 4) { return 4; }
    var step = value / 4, magnitude = Math.pow(10, Math.floor(Math.log10(step)));
    var factors = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < factors.length; i++) {
      var candidate = factors[i] * magnitude;
      if (candidate >= step && candidate === Math.round(candidate)) { return candidate * 4; }
    }
    return Math.ceil(step) * 4;
  }
  function withTip(node, text) { node.appendChild(el("title", {}, text)); node.setAttribute("data-tip", text); node.setAttribute("tabindex", "0"); return node; }

  function svgRoot(key, height, title, desc) {
    var svg = el("svg", { "class": "chart", id: "chart-" + key, viewBox: "0 0 " + WIDTH + " " + height, width: "100%", role: "img",
      "aria-labelledby": "chart-" + key + "-title chart-" + key + "-desc", "font-family": "sans-serif" });
    svg.appendChild(el("title", { id: "chart-" + key + "-title" }, title));
    svg.appendChild(el("desc", { id: "chart-" + key + "-desc" }, desc));
    return svg;
  }
  function axis(svg, left, right, top, bottom, max) {
    for (var s = 0; s <= 4; s++) {
      var x = left + (right - left) * s / 4;
      svg.appendChild(el("polyline", { points: x + "," + top + " " + x + "," + bottom, stroke: "#CCCCCC", "stroke-width": 0.5, fill: "none" }));
      svg.appendChild(el("text", { x: x, y: bottom + 12, "font-size": 8, "text-anchor": "middle" }, (max * s / 4).toLocaleString()));
    }
  }
  function legend(svg, labels, lines) {
    var x = 8;
    labels.forEach(function (label, i) {
      var colour = PALETTE[i % PALETTE.length];
      if (lines) { svg.appendChild(el("polyline", { points: x + ",10 " + (x + 18) + ",10", stroke: colour, "stroke-width": 2, "stroke-dasharray": DASHES[i % DASHES.length], fill: "none" })); }
      else { svg.appendChild(el("rect", { x: x, y: 4, width: 12, height: 12, fill: colour })); }
      svg.appendChild(el("text", { x: x + 22, y: 14, "font-size": 9 }, label));
      x += 22 + 6.2 * label.length + 16;
    });
  }

  function barChart(key, title, desc, categories, series) {
    var stacked = series.length > 1, top = stacked ? 26 : 8;
    var height = top + ROW * categories.length + 22, left = LABEL, right = WIDTH - 70;
    var svg = svgRoot(key, height, title, desc);
    if (stacked) { legend(svg, series.map(function (s) { return s.label; }), false); }
    var sums = categories.map(function (_c, i) {
      return series.reduce(function (total, s) { return total + (known(s.cells[i]) ? s.cells[i].value : 0); }, 0);
    });
    var max = niceMax(Math.max.apply(null, sums.concat([0])));
    axis(svg, left, right, top, height - 20, max);
    categories.forEach(function (label, i) {
      var y = top + i * ROW, x = left, hidden = false;
      svg.appendChild(el("text", { x: left - 6, y: y + 15, "font-size": 9, "text-anchor": "end" }, label));
      series.forEach(function (s, n) {
        var cell = s.cells[i];
        if (!known(cell)) { hidden = hidden || (cell && cell.flag === "c"); return; }
        var width = (right - left) * cell.value / max;
        svg.appendChild(withTip(el("rect", { x: x, y: y + 4, width: Math.max(width, 0.5), height: ROW - 8, fill: PALETTE[n % PALETTE.length] }),
          label + (stacked ? ", " + s.label : "") + ": " + format(cell)));
        x += width;
      });
      var marker = stacked ? (x === left && !hidden ? ":" : sums[i].toLocaleString() + (hidden ? " (c)" : "")) : format(series[0].cells[i]);
      svg.appendChild(el("text", { x: x + 4, y: y + 15, "font-size": 9, "font-weight": known(series[0].cells[i]) || stacked ? "normal" : "bold" }, marker));
    });
    return svg;
  }

  function lineChart(key, title, desc, years, series) {
    var height = 240, left = 56, right = WIDTH - 24, top = 30, bottom = height - 26;
    var svg = svgRoot(key, height, title, desc);
    legend(svg, series.map(function (s) { return s.label; }), true);
    var values = [];
    series.forEach(function (s) { s.cells.forEach(function (c) { if (known(c)) { values.push(c.value); } }); });
    var max = niceMax(Math.max.apply(null, values.concat([0])));
    for (var s = 0; s <= 4; s++) {
      var gy = bottom - (bottom - top) * s / 4;
      svg.appendChild(el("polyline", { points: left + "," + gy + " " + right + "," + gy, stroke: "#CCCCCC", "stroke-width": 0.5, fill: "none" }));
      svg.appendChild(el("text", { x: left - 6, y: gy + 3, "font-size": 8, "text-anchor": "end" }, (max * s / 4).toLocaleString()));
    }
    function xOf(i) { return left + (right - left) * (i + 0.5) / years.length; }
    years.forEach(function (year, i) { svg.appendChild(el("text", { x: xOf(i), y: bottom + 16, "font-size": 9, "text-anchor": "middle" }, String(year))); });
    series.forEach(function (line, n) {
      var colour = PALETTE[n % PALETTE.length], run = [], points = [];
      function flush() {
        if (run.length > 1) { svg.appendChild(el("polyline", { points: run.join(" "), stroke: colour, "stroke-width": 2, "stroke-dasharray": DASHES[n % DASHES.length], fill: "none" })); }
        run = [];
      }
      line.cells.forEach(function (cell, i) {
        if (!known(cell)) { flush(); return; }
        var y = bottom - (bottom - top) * cell.value / max;
        run.push(xOf(i) + "," + y);
        points.push(withTip(el("circle", { cx: xOf(i), cy: y, r: 3.5, fill: colour }), line.label + ", " + years[i] + ": " + format(cell)));
      });
      flush();
      points.forEach(function (p) { svg.appendChild(p); });
    });
    return svg;
  }

  function table(header, rows) {
    var t = document.createElement("table"), head = t.createTHead().insertRow(), body = t.createTBody();
    header.forEach(function (h) { var th = document.createElement("th"); th.scope = "col"; th.textContent = h; head.appendChild(th); });
    rows.forEach(function (row) {
      var tr = body.insertRow();
      row.forEach(function (value, i) { var c = document.createElement(i ? "td" : "th"); if (i) { c.className = "number"; } else { c.scope = "row"; } c.textContent = value; tr.appendChild(c); });
    });
    return t;
  }

  function init() {
    var source = document.getElementById("dashboard-data"), form = document.getElementById("dashboard-filters");
    if (!source || !form) { return; }
    var data = JSON.parse(source.textContent), index = {};
    data.rows.forEach(function (r) { index[[r[0], r[1], r[2], r[3], r[4]].join("|")] = { value: r[5], flag: r[6] }; });
    var names = {};
    data.countries.forEach(function (c) { names[c.code] = c.name; });
    var tooltip = document.getElementById("dashboard-tooltip");

    function state() {
      var countries = Array.prototype.filter.call(form.elements.country.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      if (!countries.length) { countries = data.countries.filter(function (c) { return !c.region; }).map(function (c) { return c.code; }); }
      return { year: Number(form.elements.year.value), measure: form.elements.measure.value, breakdown: form.elements.breakdown.value, countries: countries };
    }
    function draw() {
      var s = state(), measure = data.measures.filter(function (m) { return m.code === s.measure; })[0].label;
      var breakdown = data.breakdowns.filter(function (b) { return b.code === s.breakdown; })[0];
      var categories = s.countries.map(function (c) { return names[c]; });
      var series = breakdown.categories.map(function (cat) {
        return { label: s.breakdown === "total" ? measure : cat.label,
          cells: s.countries.map(function (c) { return index[[c, s.year, s.measure, s.breakdown, cat.code].join("|")] || null; }) };
      });
      var lines = s.countries.slice(0, 8).map(function (c) {
        return { label: names[c], cells: data.years.map(function (y) { return index[[c, y, s.measure, "total", "TOTAL"].join("|")] || null; }) };
      });
      var charts = [
        { svg: barChart("dashboard-by-country", data.texts.by_country.replace("%(measure)s", measure).replace("%(year)s", s.year), breakdown.label, categories, series),
          header: [""].concat(series.map(function (x) { return x.label; })),
          rows: categories.map(function (c, i) { return [c].concat(series.map(function (x) { return format(x.cells[i]); })); }) },
        { svg: lineChart("dashboard-over-years", data.texts.over_years.replace("%(measure)s", measure), "", data.years, lines),
          header: [""].concat(lines.map(function (x) { return x.label; })),
          rows: data.years.map(function (y, i) { return [String(y)].concat(lines.map(function (x) { return format(x.cells[i]); })); }) }
      ];
      charts.forEach(function (chart, i) {
        var slot = document.querySelector('.chart-slot[data-chart="' + i + '"]');
        if (!slot) { return; }
        var figure = slot.querySelector("figure"), old = figure.querySelector("svg");
        figure.replaceChild(chart.svg, old);
        figure.querySelector("figcaption strong").textContent = chart.svg.querySelector("title").textContent;
        var wrap = figure.querySelector(".table-wrap");
        wrap.replaceChild(table(chart.header, chart.rows), wrap.querySelector("table"));
      });
      var query = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + query.toString());
    }
    function showTip(event) {
      var tip = event.target.getAttribute && event.target.getAttribute("data-tip");
      if (!tip) { tooltip.hidden = true; return; }
      tooltip.textContent = tip;
      tooltip.hidden = false;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "own") { form.submit(); return; }
      draw();
    });
    form.addEventListener("submit", function (event) {
      if (!form.elements.own || form.elements.own.checked === (new URLSearchParams(location.search).get("own") === "1")) { event.preventDefault(); draw(); }
    });
    document.addEventListener("mouseover", showTip);
    document.addEventListener("focusin", showTip);
  }
  document.addEventListener("DOMContentLoaded", init);
}());
