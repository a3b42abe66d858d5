/* build-site's charts: move between the points of a chart with the arrow keys (Home and
   End for the first and last), and show the nearest point's figure when a pointer is over
   the chart or a finger touches it (until it touches somewhere else). Without this script,
   the latest point can still be focused, and every figure is in the table under the
   chart. No other script is needed. */
(function () {
  "use strict";
  function pointsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll(".bs-pt"));
  }
  function choose(group, point, focus) {
    pointsOf(group).forEach(function (p) {
      p.classList.toggle("bs-on", p === point && !focus);
      p.tabIndex = p === point ? 0 : -1;
    });
    if (focus) { point.focus(); }
  }
  function nearest(group, x) {
    var best = null, gap = Infinity;
    pointsOf(group).forEach(function (p) {
      var box = p.getBoundingClientRect(), d = Math.abs(box.left + box.width / 2 - x);
      if (box.width && d < gap) { best = p; gap = d; }
    });
    return best;
  }
  document.addEventListener("keydown", function (event) {
    var point = event.target;
    if (!point.classList || !point.classList.contains("bs-pt")) { return; }
    var all = pointsOf(point.parentNode), i = all.indexOf(point);
    var to = {ArrowLeft: i - 1, ArrowDown: i - 1, ArrowRight: i + 1, ArrowUp: i + 1, Home: 0,
              End: all.length - 1}[event.key];
    if (to === undefined) { return; }
    event.preventDefault();
    choose(point.parentNode, all[Math.max(0, Math.min(all.length - 1, to))], true);
  });
  function follow(event) {
    var group = event.target.closest && event.target.closest(".bs-points");
    if (!group) { return; }
    var point = nearest(group, event.clientX);
    if (point && !point.classList.contains("bs-on") && document.activeElement !== point) {
      choose(group, point, false);
    }
  }
  function hideAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".bs-pt.bs-on"), function (p) {
      p.classList.remove("bs-on");
    });
  }
  document.addEventListener("pointermove", follow);
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest(".bs-points")) { follow(event); } else { hideAll(); }
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") { return; }  // a finger lifted: what it touched stays shown
    var group = event.target.closest && event.target.closest(".bs-points");
    if (group && !group.contains(event.relatedTarget)) {
      pointsOf(group).forEach(function (p) { p.classList.remove("bs-on"); });
    }
  });
  document.addEventListener("focusin", function (event) {
    var point = event.target;
    if (point.classList && point.classList.contains("bs-pt")) {
      pointsOf(point.parentNode).forEach(function (p) { if (p !== point) { p.classList.remove("bs-on"); } });
    }
  });
}());
