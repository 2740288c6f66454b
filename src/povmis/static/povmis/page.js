// The pages' small behaviours, from data attributes: the Content-Security-Policy runs no inline script
// or onclick="" handler, so every page loads this file instead.
(function () {
  "use strict";
  // The language menu applies the language chosen at once.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // "Print" buttons on the printable lists.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Choosing another commune empties the village filter, which belonged to the commune before.
  document.querySelectorAll("select[data-clears]").forEach(function (select) {
    select.addEventListener("change", function () {
      var other = select.form.elements[select.dataset.clears];
      if (other) { other.value = ""; }
    });
  });
})();
