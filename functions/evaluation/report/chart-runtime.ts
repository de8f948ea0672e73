/**
 * Script of the page that draws every chart. It reads the chart specs from
 * the JSON element `#chart-specs`, adds tick and tooltip formatters for the
 * axis formats named in each spec (functions cannot travel in JSON), and
 * creates one Chart per canvas. It is embedded verbatim, without a build
 * step, so it is written in plain ES5.
 */
export const CHART_RUNTIME = `(function () {
  "use strict";
  var locale = "en-US";
  var formats = {
    percent: new Intl.NumberFormat(locale, {
      style: "percent", maximumFractionDigits: 1 }),
    amount: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    count: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    decimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  };

  function formatterOf(name) {
    var format = formats[name];
    if (!format) return null;
    return function (value) { return format.format(value); };
  }

  function addFormats(spec) {
    var options = spec.config.options;
    var formatX = formatterOf(spec.axisFormats.x);
    var formatY = formatterOf(spec.axisFormats.y);
    if (formatX) options.scales.x.ticks = { callback: formatX };
    if (formatY) options.scales.y.ticks = { callback: formatY };
    options.plugins.tooltip = { callbacks: {
      title: function (items) {
        if (items.length === 0) return undefined;
        if (spec.tooltipTitles) return spec.tooltipTitles[items[0].dataIndex];
        if (formatX) return formatX(items[0].parsed.x);
        return undefined;
      },
      label: function (item) {
        var value = formatY ? formatY(item.parsed.y) : item.formattedValue;
        return item.dataset.label + ": " + value;
      }
    } };
  }

  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#333333";
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    addFormats(spec);
    new Chart(canvas, spec.config);
  });
})();
`;
