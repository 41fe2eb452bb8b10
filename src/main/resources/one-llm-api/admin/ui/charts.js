// Chart.js (shipped with the jar: /admin/vendor/chart.umd.min.js) in the page's theme; one chart per canvas.
import { themeColor, PALETTE } from './format.js';

const charts = new Map();

export function color(i) {
  return PALETTE[i % PALETTE.length];
}

/** Draws a chart on `canvas`, replacing the one drawn there before. */
export function draw(canvas, config) {
  const old = charts.get(canvas.id);
  if (old) old.destroy();
  const Chart = window.Chart;
  Chart.defaults.color = themeColor('--fg-muted');
  Chart.defaults.borderColor = themeColor('--grid');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  charts.set(canvas.id, chart);
  return chart;
}
