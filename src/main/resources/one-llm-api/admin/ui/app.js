// The dashboard's shell: signs in with a master key (checked by calling the admin API), then shows one view per
// #hash. Each view module exports render(container, context) and builds its DOM from the admin API's answers.
import { api, savedKey, saveKey, forgetKey, ApiFailure } from './api.js';
import * as keys from './keys.js';
import * as usage from './usage.js';
import * as latency from './latency.js';
import * as requests from './requests.js';

const VIEWS = { keys, usage, latency, requests };
const $ = (id) => document.getElementById(id);

function showError(message) {
  const e = $('error');
  e.textContent = message || '';
  e.hidden = !message;
}

function showLogin(message) {
  $('nav').hidden = true;
  $('view').replaceChildren();
  showError('');
  $('login').hidden = false;
  const e = $('login-error');
  e.textContent = message || '';
  e.hidden = !message;
  $('login-key').focus();
}

/** The keys' names by id (the usage rows name a key by id; master keys' usage is "master"). */
async function keyNames() {
  const list = await api('GET', '/admin/keys');
  const names = new Map([['master', 'master key']]);
  for (const k of list.data) names.set(k.id, k.name || k.id);
  return { list: list.data, names };
}

let rendering = 0;

async function route() {
  if (!savedKey()) {
    showLogin();
    return;
  }
  const name = (location.hash || '#keys').slice(1);
  const view = VIEWS[name] ? name : 'keys';
  $('login').hidden = true;
  $('nav').hidden = false;
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.view === view);
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  showError('');
  const container = $('view');
  const mine = ++rendering;
  container.replaceChildren();
  container.dataset.view = view;
  container.dataset.ready = 'false';
  try {
    const context = { ...(await keyNames()), refresh: route, showError };
    if (mine !== rendering) return;
    await VIEWS[view].render(container, context);
    if (mine === rendering) container.dataset.ready = 'true';
  } catch (e) {
    if (e instanceof ApiFailure && (e.status === 401 || e.status === 403)) {
      forgetKey();
      showLogin(e.message);
    } else {
      showError(e.message);
    }
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('login-key').value.trim();
  $('login-submit').disabled = true;
  try {
    await api('GET', '/admin/keys', undefined, key); // the API says whether this is a master key
    saveKey(key);
    $('login-key').value = '';
    $('login-error').hidden = true;
    if (!location.hash) location.hash = '#keys';
    await route();
  } catch (e) {
    showLogin(e.message);
  } finally {
    $('login-submit').disabled = false;
  }
});

$('logout').addEventListener('click', () => {
  forgetKey();
  showLogin();
});

window.addEventListener('hashchange', route);
route();
