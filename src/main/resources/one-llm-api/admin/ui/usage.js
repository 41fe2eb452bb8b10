// Spend and tokens over time: per day (or per hour over the last 48 h), stacked by key or by model, over a range,
// with the range's totals. Days come from GET /admin/usage?group_by=day, one call per series (the largest six
// keys or models of the range; the rest summed as "others"); hours from the rows of GET /admin/requests.
import { api, query, allRequests } from './api.js';
import { el, usd, usdTick, int } from './format.js';
import { draw, color } from './charts.js';

const RANGES = { '48h': 'Last 48 hours (per hour)', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' };
const TOP = 6;
const state = { range: '7d', by: 'key', metric: 'cost' };

function value(row, metric) {
  return metric === 'cost' ? Number(row.cost_usd || 0) : Number(row.prompt_tokens || 0) + Number(row.completion_tokens || 0);
}

function utcDay(d) {
  return d.toISOString().slice(0, 10);
}

function days(n) {
  const out = [];
  const today = new Date();
  for (let i = n - 1; i >= 0; i--) out.push(utcDay(new Date(today.getTime() - i * 86400000)));
  return out;
}

function label(by, id, names) {
  return by === 'key' ? (names.get(id) || id) : id;
}

async function daily(n, by, metric, names) {
  const buckets = days(n);
  const range = { from: buckets[0], to: buckets[buckets.length - 1] };
  const groups = (await api('GET', `/admin/usage${query({ ...range, group_by: by })}`)).data;
  const field = by === 'key' ? 'key_id' : 'model';
  groups.sort((a, b) => value(b, metric) - value(a, metric));
  const totalByDay = (await api('GET', `/admin/usage${query({ ...range, group_by: 'day' })}`)).data;
  const total = new Map(totalByDay.map((r) => [r.day, value(r, metric)]));
  const shown = groups.slice(0, TOP);
  const series = [];
  const rest = new Map(total);
  for (const g of shown) {
    const filter = by === 'key' ? { key_id: g.key_id } : { model: g.model };
    const rows = (await api('GET', `/admin/usage${query({ ...range, ...filter, group_by: 'day' })}`)).data;
    const byDay = new Map(rows.map((r) => [r.day, value(r, metric)]));
    for (const [d, v] of byDay) rest.set(d, (rest.get(d) || 0) - v);
    series.push({ label: label(by, g[field], names), data: buckets.map((d) => byDay.get(d) || 0) });
  }
  if (groups.length > TOP) series.push({ label: 'others', data: buckets.map((d) => Math.max(0, rest.get(d) || 0)) });
  return { labels: buckets, series, totals: sum(totalByDay) };
}

async function hourly(by, metric, names) {
  const now = new Date();
  const start = new Date(Math.floor(now.getTime() / 3600000) * 3600000 - 47 * 3600000);
  const rows = await allRequests({ from: start.toISOString() });
  const hours = [];
  for (let t = start.getTime(); t <= now.getTime(); t += 3600000) hours.push(t);
  const field = by === 'key' ? 'key_id' : 'model';
  const perGroup = new Map();
  for (const r of rows) {
    const hour = Math.floor(new Date(r.created_at).getTime() / 3600000) * 3600000;
    const g = perGroup.get(r[field]) || perGroup.set(r[field], { total: 0, hours: new Map() }).get(r[field]);
    const v = value(r, metric);
    g.total += v;
    g.hours.set(hour, (g.hours.get(hour) || 0) + v);
  }
  const ordered = [...perGroup.entries()].sort((a, b) => b[1].total - a[1].total);
  const series = ordered.slice(0, TOP).map(([id, g]) => ({ label: label(by, id, names), data: hours.map((h) => g.hours.get(h) || 0) }));
  if (ordered.length > TOP) {
    series.push({ label: 'others', data: hours.map((h) => ordered.slice(TOP).reduce((s, [, g]) => s + (g.hours.get(h) || 0), 0)) });
  }
  const labels = hours.map((h) => new Date(h).toLocaleString(undefined, { day: '2-digit', hour: '2-digit', minute: '2-digit' }));
  return { labels, series, totals: sum(rows) };
}

function sum(rows) {
  const t = { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
  for (const r of rows) {
    t.requests += r.requests === undefined ? 1 : Number(r.requests);
    t.prompt_tokens += Number(r.prompt_tokens || 0);
    t.completion_tokens += Number(r.completion_tokens || 0);
    t.cost_usd += Number(r.cost_usd || 0);
  }
  return t;
}

function picker(name, options, current, onchange) {
  return el('select', { id: `usage-${name}`, onchange: (e) => onchange(e.target.value) },
    ...Object.entries(options).map(([v, text]) => el('option', { value: v, selected: v === current }, text)));
}

export async function render(container, context) {
  const rerender = async () => { container.replaceChildren(); await render(container, context); };
  const set = (k) => async (v) => { state[k] = v; try { await rerender(); } catch (e) { context.showError(e.message); } };
  container.append(el('h2', {}, 'Spend and tokens over time'),
    el('div', { class: 'controls' },
      el('label', {}, 'Range ', picker('range', RANGES, state.range, set('range'))),
      el('label', {}, 'Stacked by ', picker('by', { key: 'key', model: 'model' }, state.by, set('by'))),
      el('label', {}, 'Show ', picker('metric', { cost: 'spend (USD)', tokens: 'tokens' }, state.metric, set('metric')))));
  const data = state.range === '48h' ? await hourly(state.by, state.metric, context.names)
    : await daily(Number(state.range.slice(0, -1)), state.by, state.metric, context.names);
  const t = data.totals;
  container.append(el('dl', { class: 'totals', id: 'usage-totals' },
    el('div', {}, el('dt', {}, 'Requests'), el('dd', { id: 'total-requests' }, int(t.requests))),
    el('div', {}, el('dt', {}, 'Prompt tokens'), el('dd', { id: 'total-prompt' }, int(t.prompt_tokens))),
    el('div', {}, el('dt', {}, 'Completion tokens'), el('dd', { id: 'total-completion' }, int(t.completion_tokens))),
    el('div', {}, el('dt', {}, 'Spend'), el('dd', { id: 'total-cost' }, usd(t.cost_usd)))));
  const canvas = el('canvas', { id: 'usage-chart', 'aria-label': 'Spend or tokens over time', role: 'img' });
  container.append(el('div', { class: 'chart-box' }, canvas));
  const money = state.metric === 'cost';
  draw(canvas, {
    type: 'bar',
    data: { labels: data.labels, datasets: data.series.map((s, i) => ({ ...s, backgroundColor: color(i), stack: 'all' })) },
    options: {
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { callback: (v) => (money ? usdTick(v) : int(v)) } },
      },
      plugins: {
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money ? usd(c.parsed.y) : int(c.parsed.y)}` } },
        legend: { position: 'bottom' },
      },
    },
  });
  if (!data.series.length) container.append(el('p', { class: 'muted' }, 'No requests in this range.'));
}
