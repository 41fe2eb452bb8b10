// Latency: p50 and p95 of the total time and of the time to first token per model and provider, and each
// provider's error rate (answers with a status of 400 or more), computed from the rows of GET /admin/requests
// over the range (at most the newest 5,000).
import { allRequests } from './api.js';
import { el, ms, int, percent } from './format.js';
import { draw, color } from './charts.js';

const RANGES = { '1': 'Last 24 hours', '7': 'Last 7 days', '30': 'Last 30 days' };
const MAX_ROWS = 5000;
const state = { range: '7' };

/** The p-th percentile (nearest rank) of the numbers, or null for none. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function render(container, context) {
  const rerender = async () => { container.replaceChildren(); await render(container, context); };
  container.append(el('h2', {}, 'Latency'), el('div', { class: 'controls' }, el('label', {}, 'Range ',
    el('select', {
      id: 'latency-range', onchange: async (e) => { state.range = e.target.value; try { await rerender(); } catch (x) { context.showError(x.message); } },
    }, ...Object.entries(RANGES).map(([v, t]) => el('option', { value: v, selected: v === state.range }, t))))));
  const from = new Date(Date.now() - Number(state.range) * 86400000).toISOString();
  const rows = await allRequests({ from }, MAX_ROWS);

  const groups = new Map();
  const providers = new Map();
  for (const r of rows) {
    const provider = r.provider || '—';
    const id = `${r.model}\u0000${provider}`;
    const g = groups.get(id) || groups.set(id, { model: r.model, provider, n: 0, latency: [], ttft: [] }).get(id);
    g.n++;
    if (r.latency_ms != null) g.latency.push(Number(r.latency_ms));
    if (r.ttft_ms != null) g.ttft.push(Number(r.ttft_ms));
    const p = providers.get(provider) || providers.set(provider, { n: 0, errors: 0 }).get(provider);
    p.n++;
    if (Number(r.status) >= 400) p.errors++;
  }
  const stats = [...groups.values()].map((g) => ({
    ...g, p50: percentile(g.latency, 50), p95: percentile(g.latency, 95),
    t50: percentile(g.ttft, 50), t95: percentile(g.ttft, 95),
  })).sort((a, b) => b.n - a.n);

  container.append(el('p', { class: 'muted', id: 'latency-basis' },
    `From ${int(rows.length)} request${rows.length === 1 ? '' : 's'}${rows.length >= MAX_ROWS ? ' (the newest)' : ''} of the range.`));
  if (!rows.length) return;

  const canvas = el('canvas', { id: 'latency-chart', role: 'img', 'aria-label': 'Latency per model and provider' });
  container.append(el('div', { class: 'chart-box' }, canvas));
  const names = stats.map((s) => `${s.model} (${s.provider})`);
  draw(canvas, {
    type: 'bar',
    data: {
      labels: names,
      datasets: [
        { label: 'total p50', data: stats.map((s) => s.p50), backgroundColor: color(0) },
        { label: 'total p95', data: stats.map((s) => s.p95), backgroundColor: color(1) },
        { label: 'first token p50', data: stats.map((s) => s.t50), backgroundColor: color(2) },
        { label: 'first token p95', data: stats.map((s) => s.t95), backgroundColor: color(3) },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { callback: (v) => ms(v) } } },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${ms(c.parsed.x)}` } } },
    },
  });

  container.append(el('h3', {}, 'Per model and provider'), el('div', { class: 'table-wrap' }, el('table', { id: 'latency-table', class: 'stack' },
    el('thead', {}, el('tr', {}, ...['Model', 'Provider', 'Requests', 'Total p50', 'Total p95', 'First token p50', 'First token p95'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...stats.map((s) => el('tr', {},
      el('td', { 'data-label': 'Model', class: 'model' }, s.model), el('td', { 'data-label': 'Provider' }, s.provider),
      el('td', { 'data-label': 'Requests', class: 'num' }, int(s.n)),
      el('td', { 'data-label': 'Total p50', class: 'num p50' }, ms(s.p50)), el('td', { 'data-label': 'Total p95', class: 'num p95' }, ms(s.p95)),
      el('td', { 'data-label': 'First token p50', class: 'num t50' }, ms(s.t50)), el('td', { 'data-label': 'First token p95', class: 'num t95' }, ms(s.t95))))))));

  container.append(el('h3', {}, 'Errors per provider'), el('div', { class: 'table-wrap' }, el('table', { id: 'errors-table', class: 'stack' },
    el('thead', {}, el('tr', {}, ...['Provider', 'Requests', 'Errors', 'Error rate'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...[...providers.entries()].map(([name, p]) => el('tr', { 'data-provider': name },
      el('td', { 'data-label': 'Provider' }, name), el('td', { 'data-label': 'Requests', class: 'num' }, int(p.n)),
      el('td', { 'data-label': 'Errors', class: 'num errors' }, int(p.errors)),
      el('td', { 'data-label': 'Error rate', class: 'num rate' }, percent(p.errors / p.n))))))));
}
