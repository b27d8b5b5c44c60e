// The dashboard: polls the server once a second (runs list and the new metrics rows of the ticked runs), so a
// run being written by another process grows on screen; everything else is fetched when the selection changes.
"use strict";

const palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"];
const charts = [
  { id: "supervised_loss", column: 1 },
  { id: "real_loss", column: 2 },
  { id: "fake_loss", column: 3 },
  { id: "generator_loss", column: 4 },
  { id: "test_accuracy", column: 5, averaged: 6, yMin: 0, yMax: 1 },
];
const state = { runs: [], selected: new Set(), current: null, metrics: new Map(), colors: new Map(), confusionKey: null, followLatest: true, started: false };
const $ = id => document.getElementById(id);
const enc = encodeURIComponent;

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function colorOf(name) {
  if (!state.colors.has(name)) state.colors.set(name, palette[state.colors.size % palette.length]);
  return state.colors.get(name);
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderRuns() {
  const body = $("runs").tBodies[0];
  body.replaceChildren();
  for (const run of state.runs) {
    const row = body.insertRow();
    row.dataset.run = run.name;
    row.classList.toggle("current", run.name === state.current);
    const tick = row.insertCell();
    if (!run.error) {
      const box = document.createElement("input");
      box.type = "checkbox"; box.checked = state.selected.has(run.name);
      box.setAttribute("aria-label", `overlay ${run.name}`);
      tick.append(box);
    }
    const name = cell(row, run.name);
    if (state.selected.has(run.name)) {
      const swatch = document.createElement("span");
      swatch.className = "swatch"; swatch.style.background = colorOf(run.name);
      name.prepend(swatch);
    }
    if (run.error) {
      cell(row, run.error, "error").colSpan = 5;
      cell(row, "error", "state-error");
      continue;
    }
    cell(row, run.preset ?? "—");
    cell(row, run.labels);
    cell(row, run.seed);
    cell(row, `${run.stepsDone} / ${run.totalSteps}`);
    cell(row, run.state, `state-${run.state}`);
    cell(row, run.accuracy === null ? "—" : `${(run.accuracy * 100).toFixed(2)} %${run.accuracyIsFinal ? "" : " (latest)"}`);
  }
}

$("runs").addEventListener("click", event => {
  const row = event.target.closest("tr[data-run]");
  const run = row && state.runs.find(r => r.name === row.dataset.run);
  if (!run || run.error) return;
  if (event.target.matches("input[type=checkbox]")) {
    if (event.target.checked) state.selected.add(run.name); else state.selected.delete(run.name);
  } else {
    setCurrent(run.name);
  }
  renderRuns();
  refresh();
});

function setCurrent(name) {
  state.current = name;
  state.selected.add(name);
  state.confusionKey = null;
  state.followLatest = true;
  $("current-name").textContent = name;
  $("confusion").replaceChildren();
  $("confusion-caption").textContent = "";
  showPrediction(null);
}

async function updateMetrics(name) {
  const m = state.metrics.get(name) ?? { rows: [] };
  state.metrics.set(name, m);
  const last = m.rows.length ? `&last=${m.rows[m.rows.length - 1][0]}` : "";
  const delta = await getJson(`/api/runs/${enc(name)}/metrics?from=${m.rows.length}${last}`);
  m.rows = delta.reset ? delta.rows : m.rows.concat(delta.rows);
}

function drawCharts() {
  const names = state.runs.filter(r => state.selected.has(r.name)).map(r => r.name);
  for (const chart of charts) {
    const series = [];
    for (const name of names) {
      const rows = state.metrics.get(name)?.rows ?? [];
      const sparse = chart.averaged !== undefined;
      const points = column => rows.map(r => [r[0], r[column]]).filter(p => !sparse || p[1] !== null);
      series.push({ color: colorOf(name), points: points(chart.column) });
      if (sparse && rows.some(r => r[chart.averaged] !== null)) series.push({ color: colorOf(name), dashed: true, points: points(chart.averaged) });
    }
    const canvas = $(`chart-${chart.id}`);
    canvas.dataset.points = series.reduce((n, s) => n + s.points.filter(p => p[1] !== null).length, 0);
    LineChart.draw(canvas, series, chart);
  }
  $("legend").replaceChildren(...names.map(name => {
    const item = document.createElement("span");
    item.innerHTML = `<span class="swatch" style="background:${colorOf(name)}"></span>`;
    item.append(name);
    return item;
  }));
}

function updateSamples() {
  const run = state.runs.find(r => r.name === state.current);
  const epochs = run?.sampleEpochs ?? [];
  const slider = $("epoch"), grid = $("grid");
  slider.disabled = epochs.length === 0;
  slider.max = Math.max(0, epochs.length - 1);
  if (state.followLatest) slider.value = slider.max;
  grid.hidden = epochs.length === 0;
  if (!epochs.length) { $("epoch-label").textContent = "no samples yet (one grid at the end of each epoch)"; return; }
  const epoch = epochs[Number(slider.value)];
  $("epoch-label").textContent = `epoch ${epoch} (${Number(slider.value) + 1} of ${epochs.length})`;
  const src = `/files/${enc(run.name)}/samples/epoch-${String(epoch).padStart(3, "0")}.png?n=${epochs.length}`;
  if (grid.getAttribute("src") !== src) grid.src = src;
  grid.dataset.epoch = epoch;
}

$("epoch").addEventListener("input", () => {
  state.followLatest = $("epoch").value === $("epoch").max;
  updateSamples();
});

async function updateConfusion() {
  const run = state.runs.find(r => r.name === state.current);
  if (!run?.checkpoint) { $("confusion-caption").textContent = run ? "(no checkpoint yet)" : ""; return; }
  const key = `${run.name}/${run.checkpoint}`;
  if (state.confusionKey === key) return;
  state.confusionKey = key;
  $("confusion-caption").textContent = `(computing on the test set…)`;
  try {
    const c = await getJson(`/api/runs/${enc(run.name)}/confusion`);
    if (state.confusionKey !== key) return;
    renderConfusion(c);
  } catch (e) {
    state.confusionKey = null;
    $("confusion-caption").textContent = `(${e.message})`;
  }
}

function renderConfusion(c) {
  const table = $("confusion");
  table.replaceChildren();
  const head = table.insertRow();
  head.append(Object.assign(document.createElement("th"), { textContent: "true \\ predicted" }));
  for (let p = 0; p < 10; p++) head.append(Object.assign(document.createElement("th"), { textContent: p }));
  for (let t = 0; t < 10; t++) {
    const row = table.insertRow();
    row.append(Object.assign(document.createElement("th"), { textContent: t }));
    const counts = c.counts.slice(t * 10, t * 10 + 10);
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    for (const n of counts) {
      const share = n / total;
      const td = cell(row, n);
      td.style.background = `rgba(8, 48, 107, ${share.toFixed(3)})`;
      td.style.color = share > 0.5 ? "#fff" : "#1d2330";
    }
  }
  $("confusion-caption").textContent = `${c.checkpoint}, ${c.weights} weights: ${(c.accuracy * 100).toFixed(2)} % of ${c.images.toLocaleString("en")} test images`;
}

function showPrediction(p, message) {
  const box = $("probabilities");
  box.replaceChildren();
  delete box.dataset.probabilities;
  delete box.dataset.digit;
  if (!p) { $("prediction").textContent = message ?? "draw a digit with the mouse or a finger"; return; }
  $("prediction").innerHTML = `<b>${p.digit}</b> p ${p.probabilities[p.digit].toFixed(3)} <span class="muted">(${p.checkpoint}, ${p.weights})</span>`;
  p.probabilities.forEach((v, digit) => {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.innerHTML = `<span>${digit}</span><div style="width:${(v * 200).toFixed(1)}px"></div><span>${v.toFixed(3)}</span>`;
    box.append(bar);
  });
  box.dataset.probabilities = JSON.stringify(p.probabilities);
  box.dataset.digit = p.digit;
}

const pad = DrawPad.attach($("pad"), async blob => {
  const run = state.runs.find(r => r.name === state.current);
  if (!run?.checkpoint) { showPrediction(null, "select a run with a checkpoint first"); return; }
  try {
    showPrediction(await getJson(`/api/runs/${enc(run.name)}/predict`, { method: "POST", headers: { "Content-Type": "image/png" }, body: blob }));
  } catch (e) {
    showPrediction(null, e.message);
  }
});
$("clear").addEventListener("click", () => { pad.clear(); showPrediction(null); });

async function refresh() {
  try {
    state.runs = await getJson("/api/runs");
    if (!state.started) {
      state.started = true;
      const first = state.runs.find(r => !r.error && r.state === "running") ?? state.runs.find(r => !r.error);
      if (first) setCurrent(first.name);
    }
    renderRuns();
    await Promise.all([...state.selected].filter(n => state.runs.some(r => r.name === n)).map(updateMetrics));
    drawCharts();
    updateSamples();
    updateConfusion();
    $("status").textContent = `${state.runs.length} run(s) · updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $("status").textContent = `server unreachable (${e.message})`;
  }
}

async function poll() {
  await refresh();
  setTimeout(poll, 1000);
}
poll();
