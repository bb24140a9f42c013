// Steward: tables wider than a phone scroll sideways; make each scrolling box
// reachable by keyboard (Material wraps tables after every page load).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.tabIndex = 0;
  });
});
