/* global window, document */
// Reports page: draws each breach chart with chart.js from the data the server put on its figure
// (the same numbers and colours as the SVG inside it, which stays for print and for no-script).
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  document.querySelectorAll('figure.report-figure[data-chart]').forEach(function (figure) {
    var data;
    try {
      data = JSON.parse(figure.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', (figure.querySelector('svg') || {}).ariaLabel || 'breaches per day');
    figure.appendChild(canvas);
    var top = data.ticks[data.ticks.length - 1];
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.days,
        datasets: data.series.map(function (s) {
          return { label: s.name, data: s.counts, backgroundColor: s.colour };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { autoSkip: true, maxRotation: 60 } },
          y: { stacked: true, beginAtZero: true, max: top, ticks: { precision: 0, stepSize: data.ticks[1] - data.ticks[0] } },
        },
        plugins: { legend: { position: 'right' } },
      },
    });
    figure.classList.add('enhanced');
  });
})();
