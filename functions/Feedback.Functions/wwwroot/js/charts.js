// The bundled Chart.js (loaded before this module by /vendor/chart.js/chart.umd.min.js) set up once for every
// chart page: the Vazirmatn font, Persian numbers, right-to-left legends and tooltips, no animation.

export const Chart = window.Chart;

Chart.defaults.font.family = 'Vazirmatn, Tahoma, sans-serif';
Chart.defaults.locale = 'fa-IR';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.rtl = true;
Chart.defaults.plugins.legend.textDirection = 'rtl';
Chart.defaults.plugins.legend.position = 'bottom';
Chart.defaults.plugins.tooltip.rtl = true;
Chart.defaults.plugins.tooltip.textDirection = 'rtl';
