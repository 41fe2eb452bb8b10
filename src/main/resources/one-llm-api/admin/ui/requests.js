// Requests: the ledger, newest first (GET /admin/requests), filtered by key, model and status (all by the API), 50
// rows a page, older pages with the `next` cursor of the page before.
import { api, query } from './api.js';
import { el, usd, int, ms, time } from './format.js';

const PAGE = 50;
const state = { key_id: '', model: '', status: '', pages: [undefined] };

export async function render(container, context) {
  const rerender = async () => { container.replaceChildren(); try { await render(container, context); } catch (e) { context.showError(e.message); } };
  const filterChanged = (k) => (e) => { state[k] = e.target.value.trim(); state.pages = [undefined]; rerender(); };
  const keyOptions = [el('option', { value: '' }, 'all keys'), el('option', { value: 'master', selected: state.key_id === 'master' }, 'master key'),
    ...context.list.map((k) => el('option', { value: k.id, selected: state.key_id === k.id }, k.name || k.id))];
  container.append(el('h2', {}, 'Requests'), el('div', { class: 'controls' },
    el('label', {}, 'Key ', el('select', { id: 'filter-key', onchange: filterChanged('key_id') }, ...keyOptions)),
    el('label', {}, 'Model ', el('input', { id: 'filter-model', value: state.model, placeholder: 'exact model name', onchange: filterChanged('model') })),
    el('label', {}, 'Status ', el('select', { id: 'filter-status', onchange: filterChanged('status') },
      ...[['', 'any'], ['ok', 'success (< 400)'], ['error', 'error (≥ 400)'], ['429', '429'], ['401', '401'], ['502', '502'], ['504', '504']]
        .map(([v, t]) => el('option', { value: v, selected: state.status === v }, t))))));

  const cursor = state.pages[state.pages.length - 1];
  const answer = await api('GET', `/admin/requests${query({ key_id: state.key_id, model: state.model, status: state.status, limit: PAGE, cursor })}`);
  const rows = answer.data;
  const table = el('table', { id: 'requests-table', class: 'stack' },
    el('thead', {}, el('tr', {}, ...['Time', 'Key', 'Model', 'Provider', 'Status', 'Tokens in / out', 'Cost', 'Latency', 'First token', 'Request id']
      .map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', { 'data-request-id': r.request_id, 'data-key-id': r.key_id },
      el('td', { 'data-label': 'Time' }, time(r.created_at)),
      el('td', { 'data-label': 'Key', class: 'key' }, context.names.get(r.key_id) || r.key_id),
      el('td', { 'data-label': 'Model' }, r.model), el('td', { 'data-label': 'Provider' }, r.provider || '—'),
      el('td', { 'data-label': 'Status', class: `status ${Number(r.status) >= 400 ? 'bad' : 'good'}` }, String(r.status), r.stream ? ' stream' : ''),
      el('td', { 'data-label': 'Tokens in / out', class: 'num' }, `${int(r.prompt_tokens)} / ${int(r.completion_tokens)}${r.usage_estimated ? ' (est.)' : ''}`),
      el('td', { 'data-label': 'Cost', class: 'num' }, usd(r.cost_usd)),
      el('td', { 'data-label': 'Latency', class: 'num' }, ms(r.latency_ms)),
      el('td', { 'data-label': 'First token', class: 'num' }, ms(r.ttft_ms)),
      el('td', { 'data-label': 'Request id', class: 'mono small-text' }, r.request_id)))));
  container.append(el('div', { class: 'table-wrap' }, table));
  if (!rows.length) container.append(el('p', { class: 'muted', id: 'no-requests' }, 'No requests match.'));
  const newer = el('button', { type: 'button', id: 'page-newer', disabled: state.pages.length === 1, onclick: () => { state.pages.pop(); rerender(); } }, '← Newer');
  const older = el('button', {
    type: 'button', id: 'page-older', disabled: !answer.next,
    onclick: () => { state.pages.push(answer.next); rerender(); },
  }, 'Older →');
  container.append(el('div', { class: 'pager' }, newer, el('span', { class: 'muted' }, ` page ${state.pages.length} `), older));
}
