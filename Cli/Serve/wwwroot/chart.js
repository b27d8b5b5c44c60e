// A small line chart on a canvas (no library to vendor): linear axes with round ticks, several series, each a
// list of [x, y] points where y may be null (a gap). Redrawn whole on every update; a few runs of 12,000 points
// draw in milliseconds.
"use strict";

const LineChart = (() => {
  const margin = { left: 52, right: 10, top: 8, bottom: 22 };

  function niceStep(range, count) {
    const raw = range / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
  }

  function ticks(min, max, count) {
    const step = niceStep(max - min, count);
    const out = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  function label(v) {
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0);
    return String(Number(v.toPrecision(4)));
  }

  function extent(series) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of series) for (const [x, y] of s.points) {
      if (y === null || !isFinite(y)) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    if (!isFinite(x0)) return null;
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const pad = (y1 - y0) * 0.05;
    return { x0, x1, y0: y0 - pad, y1: y1 + pad };
  }

  // series: [{ color, dashed, points: [[x, y | null], ...] }]; options: { yMin, yMax } to pin the axis.
  function draw(canvas, series, options = {}) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    const g = canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = "11px system-ui, sans-serif";
    const e = extent(series);
    if (!e) {
      g.fillStyle = "#9ca3af"; g.textAlign = "center";
      g.fillText("no data yet", w / 2, h / 2);
      return;
    }
    if (options.yMin !== undefined) e.y0 = Math.min(e.y0, options.yMin);
    if (options.yMax !== undefined) e.y1 = Math.max(e.y1, options.yMax);
    const pw = w - margin.left - margin.right, ph = h - margin.top - margin.bottom;
    const sx = x => margin.left + (x - e.x0) / (e.x1 - e.x0) * pw;
    const sy = y => margin.top + (1 - (y - e.y0) / (e.y1 - e.y0)) * ph;

    g.strokeStyle = "#eceef1"; g.fillStyle = "#6b7280"; g.lineWidth = 1;
    g.textAlign = "right"; g.textBaseline = "middle";
    for (const v of ticks(e.y0, e.y1, Math.max(2, Math.floor(ph / 36)))) {
      const y = Math.round(sy(v)) + 0.5;
      g.beginPath(); g.moveTo(margin.left, y); g.lineTo(w - margin.right, y); g.stroke();
      g.fillText(label(v), margin.left - 6, y);
    }
    g.textAlign = "center"; g.textBaseline = "top";
    for (const v of ticks(e.x0, e.x1, Math.max(2, Math.floor(pw / 80)))) {
      const x = Math.round(sx(v)) + 0.5;
      g.beginPath(); g.moveTo(x, margin.top); g.lineTo(x, margin.top + ph); g.stroke();
      g.fillText(label(v), x, margin.top + ph + 5);
    }
    g.strokeStyle = "#9ca3af";
    g.strokeRect(margin.left + 0.5, margin.top + 0.5, pw, ph);

    for (const s of series) {
      g.strokeStyle = s.color; g.fillStyle = s.color;
      g.lineWidth = s.points.length > 400 ? 1 : 1.6;
      g.setLineDash(s.dashed ? [5, 4] : []);
      g.beginPath();
      let pen = false;
      for (const [x, y] of s.points) {
        if (y === null || !isFinite(y)) { pen = false; continue; }
        if (pen) g.lineTo(sx(x), sy(y)); else g.moveTo(sx(x), sy(y));
        pen = true;
      }
      g.stroke();
      g.setLineDash([]);
      // Sparse series (evaluations) get dots so a single point is visible too.
      if (s.points.length <= 60) for (const [x, y] of s.points) {
        if (y === null || !isFinite(y)) continue;
        g.beginPath(); g.arc(sx(x), sy(y), 2.5, 0, 2 * Math.PI); g.fill();
      }
    }
  }

  return { draw };
})();
