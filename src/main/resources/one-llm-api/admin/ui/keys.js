// Keys: each virtual key with its limits and its spend in the budget period against the budget; make a key (shown
// once, with a copy button), disable or enable one, revoke one (after a confirmation).
import { api } from './api.js';
import { el, usd, int, time } from './format.js';

function limits(k) {
  const parts = [];
  if (k.rpm_limit != null) parts.push(`${int(k.rpm_limit)} req/min`);
  if (k.tpm_limit != null) parts.push(`${int(k.tpm_limit)} tok/min`);
  return parts.length ? parts.join(' · ') : 'none';
}

function spend(k) {
  const spent = Number(k.spend_usd || 0);
  if (k.max_budget_usd == null) {
    return el('div', { class: 'spend' }, el('span', { class: 'amount' }, usd(spent)),
      el('span', { class: 'muted' }, ' no budget'));
  }
  const budget = Number(k.max_budget_usd);
  const share = budget > 0 ? Math.min(1, spent / budget) : 1;
  const bar = el('div', {
    class: `bar${share >= 1 ? ' over' : share >= 0.8 ? ' near' : ''}`, role: 'meter', 'aria-valuemin': 0,
    'aria-valuemax': budget, 'aria-valuenow': spent, title: `${Math.round(share * 100)}% of the budget`,
  }, el('span', { class: 'fill' }));
  bar.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
  return el('div', { class: 'spend' },
    el('span', { class: 'amount' }, `${usd(spent)} of ${usd(budget)}`),
    el('span', { class: 'muted' }, ` ${k.budget_period || 'total'}`), bar);
}

function row(k, context) {
  const toggle = el('button', {
    type: 'button', class: 'small', 'data-action': k.enabled ? 'disable' : 'enable',
    onclick: async () => {
      try {
        await api('PATCH', `/admin/keys/${encodeURIComponent(k.id)}`, { enabled: !k.enabled });
        await context.refresh();
      } catch (e) { context.showError(e.message); }
    },
  }, k.enabled ? 'Disable' : 'Enable');
  const revoke = el('button', {
    type: 'button', class: 'small danger', 'data-action': 'revoke',
    onclick: async () => {
      if (!window.confirm(`Revoke the key "${k.name || k.id}"? Clients using it are refused at once.`)) return;
      try {
        await api('DELETE', `/admin/keys/${encodeURIComponent(k.id)}`);
        await context.refresh();
      } catch (e) { context.showError(e.message); }
    },
  }, 'Revoke');
  return el('tr', { 'data-key-id': k.id, class: k.enabled ? '' : 'disabled' },
    el('td', { 'data-label': 'Name' }, el('strong', {}, k.name || '(no name)'), el('div', { class: 'muted mono' }, k.id)),
    el('td', { 'data-label': 'Key', class: 'mono' }, k.key_hint),
    el('td', { 'data-label': 'Models' }, k.models && k.models.length ? k.models.join(', ') : 'all'),
    el('td', { 'data-label': 'Limits' }, limits(k)),
    el('td', { 'data-label': 'Spend', class: 'spend-cell' }, spend(k)),
    el('td', { 'data-label': 'Expires' }, k.expires_at ? time(k.expires_at) : 'never'),
    el('td', { 'data-label': 'Enabled', class: 'enabled' }, k.enabled ? 'yes' : 'no'),
    el('td', { 'data-label': '', class: 'actions' }, toggle, ' ', revoke));
}

function numberOrNull(form, name) {
  const v = form.elements[name].value.trim();
  return v === '' ? undefined : Number(v);
}

function createForm(container, context) {
  const shown = el('div', { id: 'new-key-box', class: 'notice', hidden: true });
  const form = el('form', { id: 'create-key', class: 'grid-form', autocomplete: 'off' },
    el('label', {}, 'Name', el('input', { name: 'name', required: true, maxlength: 200 })),
    el('label', {}, 'Models (comma-separated patterns, empty: all)', el('input', { name: 'models', placeholder: 'gpt-4o*, claude-*' })),
    el('label', {}, 'Requests per minute', el('input', { name: 'rpm_limit', type: 'number', min: 1, step: 1 })),
    el('label', {}, 'Tokens per minute', el('input', { name: 'tpm_limit', type: 'number', min: 1, step: 1 })),
    el('label', {}, 'Budget (USD)', el('input', { name: 'max_budget_usd', type: 'number', min: 0, step: 'any' })),
    el('label', {}, 'Budget period', el('select', { name: 'budget_period' },
      ...['monthly', 'weekly', 'daily', 'total'].map((p) => el('option', { value: p }, p)))),
    el('label', {}, 'Expires (optional)', el('input', { name: 'expires_at', type: 'datetime-local' })),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', id: 'create-submit' }, 'Create key')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: form.elements.name.value.trim() };
    const models = form.elements.models.value.split(',').map((m) => m.trim()).filter(Boolean);
    if (models.length) body.models = models;
    for (const n of ['rpm_limit', 'tpm_limit', 'max_budget_usd']) {
      const v = numberOrNull(form, n);
      if (v !== undefined) body[n] = v;
    }
    if (body.max_budget_usd !== undefined) body.budget_period = form.elements.budget_period.value;
    const expires = form.elements.expires_at.value;
    if (expires) body.expires_at = new Date(expires).toISOString();
    try {
      const made = await api('POST', '/admin/keys', body);
      form.reset();
      showOnce(shown, made, context);
    } catch (e) { context.showError(e.message); }
  });
  container.append(el('details', { class: 'card', id: 'create-details' }, el('summary', {}, 'Create a key'), form), shown);
}

/** The new key, this once: copied with a button, gone from the page when dismissed. */
function showOnce(box, made, context) {
  const value = el('code', { id: 'new-key', class: 'mono secret' }, made.key);
  const status = el('span', { class: 'muted', id: 'copy-status' });
  const copy = el('button', {
    type: 'button', id: 'copy-key', onclick: async () => {
      try {
        await navigator.clipboard.writeText(made.key);
        status.textContent = ' copied';
      } catch {
        const range = document.createRange();
        range.selectNodeContents(value);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        status.textContent = ' selected: copy it with Ctrl+C';
      }
    },
  }, 'Copy');
  const done = el('button', {
    type: 'button', id: 'new-key-done', onclick: async () => {
      box.replaceChildren();
      box.hidden = true;
      await context.refresh();
    },
  }, 'Done');
  box.replaceChildren(
    el('p', {}, el('strong', {}, `Key "${made.name}" made. `), 'Copy it now: it is stored only as a hash and will not be shown again.'),
    el('p', {}, value), el('p', {}, copy, ' ', done, status));
  box.hidden = false;
}

export async function render(container, context) {
  const list = context.list;
  container.append(el('h2', {}, 'Keys'));
  createForm(container, context);
  if (!list.length) {
    container.append(el('p', { class: 'muted', id: 'no-keys' }, 'No virtual keys yet. Master keys (ONE_API_KEY) are not listed.'));
    return;
  }
  const table = el('table', { id: 'keys-table', class: 'stack' },
    el('thead', {}, el('tr', {}, ...['Name', 'Key', 'Models', 'Limits', 'Spend in period', 'Expires', 'Enabled', '']
      .map((h) => el('th', {}, h)))),
    el('tbody', {}, ...list.map((k) => row(k, context))));
  container.append(el('div', { class: 'table-wrap' }, table));
}
