/* build-site's postcode finder: a postcode leads to its area's page, looked up in the site's own
   postcodes/<outward code>.json (contract 1.2). No request leaves the site. Without this script
   the form leads to the list of areas. */
(function () {
  "use strict";
  function normal(text) {
    var s = text.replace(/\s+/g, "").toUpperCase();
    return s.length > 3 ? s.slice(0, -3) + " " + s.slice(-3) : s;
  }
  function say(form, key, postcode) {
    var out = form.querySelector(".bs-postcode-said");
    out.textContent = (form.getAttribute("data-" + key) || "").replace("{postcode}", postcode);
  }
  function find(form, event) {
    var input = form.querySelector("input");
    var code = normal(input.value);
    if (!code) { return; }  /* (an empty box: the form leads to the list) */
    event.preventDefault();
    if (!new RegExp(form.getAttribute("data-shape")).test(code)) {  /* (the build's own check: inputs/postcodes.SHAPE) */ say(form, "invalid", input.value.trim()); return; }
    var root = form.getAttribute("data-root") || "";
    var parts = code.split(" ");
    say(form, "none", "");
    fetch(root + "postcodes/" + parts[0] + ".json", { credentials: "same-origin" })
      .then(function (r) { if (r.status === 404) { return {}; } if (!r.ok) { throw r; } return r.json(); })
      .then(function (inward) {
        var area = Object.prototype.hasOwnProperty.call(inward, parts[1]) ? inward[parts[1]] : null;
        if (area) { window.location.href = root + "areas/" + encodeURIComponent(area) + "/"; }
        else { say(form, "unknown", code); }
      })
      .catch(function () { say(form, "failed", code); });
  }
  document.querySelectorAll("form.bs-postcode").forEach(function (form) {
    form.addEventListener("submit", function (event) { find(form, event); });
  });
})();
