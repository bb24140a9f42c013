// Steward: tables wider than a phone scroll sideways; make each scrolling box
// reachable by keyboard (Material wraps tables after every page load).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.tabIndex = 0;
  });
});

// An open issue's wait, counted from the day it was accepted (data-since,
// YYYY-MM-DD) to today, so that the page itself need not change every day.
// The element is empty in the page (without the script the sentence reads whole
// without it); the script writes data-prefix, the days and data-unit.
function stewardDaysSince(since) {
  var p = since.split("-");
  if (p.length !== 3) return null;
  var start = Date.UTC(+p[0], +p[1] - 1, +p[2]);
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  var days = Math.round((today - start) / 86400000);
  return isNaN(days) ? null : Math.max(days, 0);
}

document$.subscribe(function () {
  document.querySelectorAll("[data-since]").forEach(function (el) {
    var days = stewardDaysSince(el.getAttribute("data-since"));
    if (days !== null) el.textContent = (el.getAttribute("data-prefix") || "") + days +
      (el.getAttribute("data-unit") || "");
  });
});
