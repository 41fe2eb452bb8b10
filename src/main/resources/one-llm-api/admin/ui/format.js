// Numbers as people read them: USD with cents (sub-cent amounts with their significant digits), tokens with
// thousands separators, times in the browser's zone.
const ints = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function usd(value) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  if (n === 0) return '$0.00';
  const abs = Math.abs(n);
  if (abs >= 0.01) {
    return (n < 0 ? '-$' : '$') + abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  // under a cent: enough digits to show two significant ones ($0.0042, $0.000015)
  const digits = Math.min(10, Math.max(3, 1 - Math.floor(Math.log10(abs))));
  return (n < 0 ? '-$' : '$') + abs.toFixed(digits).replace(/0+$/, '');
}

/** A chart axis's tick: dollars without noise ($0.025, $1.5, $1,200). */
export function usdTick(value) {
  const n = Number(value);
  if (n === 0) return '$0';
  if (Math.abs(n) >= 100) return `$${ints.format(n)}`;
  return `$${Number(n.toPrecision(3))}`;
}

export function int(value) {
  return value === null || value === undefined ? '—' : ints.format(Number(value));
}

export function ms(value) {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${ints.format(Math.round(value))} ms`;
}

export function percent(value) {
  return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** An element with attributes and children (strings become text: nothing from the API is parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A CSS custom property of the page's theme (light or dark), for the charts. */
export function themeColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac'];
