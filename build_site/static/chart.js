/* build-site's charts: make an indicator page's points from its figures table, move
   between the points of a chart with the arrow keys (Home and End for the first and last),
   and show the nearest point's figure when a pointer is over the chart or a finger
   touches it (until it touches somewhere else). Without this script, every figure is in
   the table under the chart (and, on a priority's page, the latest point can still be
   focused). No other script is needed. */
(function () {
  "use strict";
  function fill(words, values) {
    return words.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  // On an indicator's page the points are made here, from the figures table (#bs-figures,
  // newest first) and where each row's point goes (data-at, oldest first; "-": no figure).
  function makePoints(group) {
    var body = document.getElementById("bs-figures");
    if (!body) { return; }
    var rows = Array.prototype.slice.call(body.rows).reverse(), at = group.dataset.at.split(",");
    var made = [];
    at.forEach(function (spot, k) {
      var row = rows[k];
      if (spot === "-" || !row) { return; }
      var xy = spot.split(" "), head = row.cells[0], months = head.querySelector(".bs-months");
      var label = head.firstChild.textContent.trim();
      var period = months ? fill(group.dataset.long, {period: label, months: months.textContent}) : label;
      var value = row.querySelector(".bs-v").textContent, target = row.querySelector(".bs-g");
      var point = document.createElement("span");
      point.className = "bs-pt";
      point.setAttribute("role", "img");
      point.tabIndex = -1;
      point.setAttribute("aria-label", target && target.textContent
        ? fill(group.dataset.words, {period: period, value: value, target: target.textContent})
        : fill(group.dataset.plain, {period: period, value: value}));
      point.style.cssText = "--x:" + xy[0] + "%;--y:" + xy[1] + "%;--nx:" + xy[2] + "%;--ny:" + xy[3] + "%";
      made.push(point);
    });
    if (!made.length) { return; }
    made[made.length - 1].tabIndex = 0;  // one stop per chart: the latest figure
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", group.dataset.label);
    made.forEach(function (p) { group.appendChild(p); });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".bs-points[data-at]"), makePoints);
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
