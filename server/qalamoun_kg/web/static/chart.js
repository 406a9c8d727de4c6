// A YASR result view: a horizontal bar chart of the first numeric column, labelled by the first
// other column. Drawn as SVG with DOM calls (text nodes only, so nothing is parsed as HTML).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|unsignedInt|unsignedLong)$/;
  const MAX_BARS = 60;

  function isNumber(cell) {
    if (!cell || cell.type === "uri" || cell.type === "bnode") return false;
    if (cell.datatype && NUMERIC.test(cell.datatype)) return true;
    return !cell.datatype && /^-?\d+(\.\d+)?$/.test(cell.value);
  }

  function shortName(cell, prefixes) {
    if (!cell) return "";
    if (cell.type !== "uri") return cell.value;
    for (const [name, ns] of Object.entries(prefixes || {})) {
      if (ns && cell.value.startsWith(ns)) return `${name}:${cell.value.slice(ns.length)}`;
    }
    return cell.value;
  }

  function columns(results) {
    const vars = results.getVariables() || [];
    const rows = results.getBindings() || [];
    const value = vars.find((v) => rows.length && rows.every((r) => !r[v] || isNumber(r[v])) && rows.some((r) => r[v]));
    // Prefer a column of plain text (a label) to name the bars, else any other column.
    const others = vars.filter((v) => v !== value);
    const texty = others.find((v) => rows.some((r) => r[v] && r[v].type !== "uri" && !isNumber(r[v])));
    const label = texty || others[0];
    return { value, label, rows };
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  class QkgChart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
    }

    canHandleResults() {
      const results = this.yasr.results;
      if (!results || !results.getVariables || !results.getBindings || !results.getBindings()) return false;
      return Boolean(columns(results).value);
    }

    draw() {
      const { value, label, rows } = columns(this.yasr.results);
      const prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
      const shown = rows.filter((r) => r[value]).slice(0, MAX_BARS);
      const numbers = shown.map((r) => Number(r[value].value));
      const max = Math.max(1, ...numbers);
      const barH = 18, gap = 6, left = 340, width = 900, right = 60;
      const svg = el("svg", {
        class: "qkg-chart", viewBox: `0 0 ${width} ${shown.length * (barH + gap) + 30}`,
        role: "img", "aria-label": `Bar chart of ?${value}` + (label ? ` by ?${label}` : ""),
      });
      svg.appendChild(el("text", { x: left, y: 14, class: "axis" }, `?${value}` + (label ? ` by ?${label}` : "")));
      shown.forEach((row, i) => {
        const y = 24 + i * (barH + gap);
        const w = Math.max(1, ((width - left - right) * numbers[i]) / max);
        const name = label ? shortName(row[label], prefixes) : `row ${i + 1}`;
        const caption = el("text", { x: left - 8, y: y + 13, "text-anchor": "end" }, name.length > 52 ? name.slice(0, 51) + "…" : name);
        caption.appendChild(el("title", {}, name));
        svg.appendChild(caption);
        svg.appendChild(el("rect", { x: left, y, width: w, height: barH, class: "bar" }));
        svg.appendChild(el("text", { x: left + w + 5, y: y + 13 }, row[value].value));
      });
      const box = document.createElement("div");
      box.className = "qkg-chart-box";
      box.appendChild(svg);
      if (rows.length > shown.length) {
        const note = document.createElement("p");
        note.textContent = `First ${shown.length} of ${rows.length} rows.`;
        box.appendChild(note);
      }
      this.yasr.resultsEl.appendChild(box);
    }

    getIcon() {
      const icon = document.createElement("span");
      icon.className = "qkg-chart-icon";
      icon.textContent = "▮▮";
      return icon;
    }
  }

  window.QkgChart = QkgChart;
})();
