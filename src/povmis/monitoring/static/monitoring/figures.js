// Draws every figure of a dashboard page; a click on a point, bar, flow or area opens the households behind it.
(function () {
  "use strict";
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false });
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var link = point && point.customdata;
      if (typeof link === "string" && link.charAt(0) === "/") { window.location.href = link; }
    });
  });
})();
