// The admin API, the page's only data source: the master key from sessionStorage as a Bearer token, no cookies.
const STORE = 'one-llm-api.admin-key';

export function savedKey() {
  return sessionStorage.getItem(STORE);
}

export function saveKey(key) {
  sessionStorage.setItem(STORE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(STORE);
}

/** An answer of the API that is not 2xx: its status and the message of its OpenAI-shaped error. */
export class ApiFailure extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the admin API: the parsed JSON, or an ApiFailure with the API's own message. */
export async function api(method, path, body, key = savedKey()) {
  const headers = { Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiFailure(0, `The gateway did not answer (${e.message}).`);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const error = json && json.error;
    throw new ApiFailure(response.status, error && error.message ? error.message : `HTTP ${response.status}`,
      error && error.code);
  }
  return json;
}

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every row of GET /admin/requests for the filter, newest first, paged with each page's `next` cursor, at most `max`. */
export async function allRequests(filter, max = 5000) {
  const rows = [];
  let cursor;
  while (rows.length < max) {
    const page = await api('GET', `/admin/requests${query({ ...filter, limit: 1000, cursor })}`);
    rows.push(...page.data);
    if (!page.next) break;
    cursor = page.next;
  }
  return rows.slice(0, max);
}
