/* build-site's search page (search/). The search index the site generator writes
   (search/search_index.json) is fetched only here, when someone searches, so no other page
   downloads it. Every word searched for must be in a result's title or text; results whose
   title has the words come first, then whole pages before their sections, then the site's
   own order. Results are written as text, never as markup. No request leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("form.bs-search");
  if (!form) { return; }
  var input = form.querySelector("input");
  var said = document.querySelector(".bs-search-said");
  var list = document.querySelector(".bs-search-results");
  var root = form.getAttribute("data-root") || "";
  var SHOWN = 50, loading = null, timer = null;

  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function plain(html) {  /* (an inert document: nothing in it runs or loads) */
    return (new DOMParser().parseFromString(html, "text/html").body.textContent || "").replace(/\s+/g, " ").trim();
  }
  function say(key, values) {
    var words = form.getAttribute("data-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { words = words.split("{" + k + "}").join(values[k]); });
    said.textContent = words;
  }
  function load() {
    if (!loading) {
      /* (the addresses the site generators write it at: MkDocs', then Zensical's) */
      var tries = (form.getAttribute("data-index") || "").split(" ");
      var next = function (k) {
        return fetch(tries[k], { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) { throw r; } return r.json(); })
          .catch(function (e) { if (k + 1 < tries.length) { return next(k + 1); } throw e; });
      };
      loading = next(0)
        .then(function (data) {
          var pages = {};
          return (data.docs || data.items || []).map(function (d) {
            var url = d.location || "", title = plain(d.title || ""), text = plain(d.text || "");
            if (title && text.indexOf(title) === 0) { text = text.slice(title.length).trim(); }  /* (its heading) */
            var page = url.split("#")[0];
            if (url.indexOf("#") < 0) { pages[page] = title; }
            return { url: url, title: title, text: text, page: pages[page] || "", head: fold(title), all: fold(title + " " + text) };
          });
        });
    }
    return loading;
  }
  function line(doc, word) {  /* about 160 characters of its text around the first word found, in whole words */
    var at = Math.max(0, fold(doc.text).indexOf(word));
    var start = Math.max(0, at - 60), end = Math.min(doc.text.length, start + 160);
    var space = doc.text.indexOf(" ", start);
    if (start > 0 && space >= 0 && space < at) { start = space + 1; }  /* (not in the middle of a word) */
    space = doc.text.lastIndexOf(" ", end);
    if (end < doc.text.length && space > at + word.length) { end = space; }
    return (start > 0 ? "… " : "") + doc.text.slice(start, end).trim() + (end < doc.text.length ? " …" : "");
  }
  function item(doc, words) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = root + doc.url;
    a.textContent = doc.title || doc.page || doc.url;
    li.appendChild(a);
    if (doc.url.indexOf("#") >= 0 && doc.page && doc.page !== doc.title) {
      var from = document.createElement("span");
      from.className = "bs-meta";
      from.textContent = " · " + doc.page;
      li.appendChild(from);
    }
    if (doc.text) {
      var p = document.createElement("p");
      p.textContent = line(doc, words[0]);
      li.appendChild(p);
    }
    return li;
  }
  function show(docs, query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { said.textContent = ""; return; }
    var found = [];
    docs.forEach(function (doc, k) {
      if (words.every(function (w) { return doc.all.indexOf(w) >= 0; })) {
        var score = words.filter(function (w) { return doc.head.indexOf(w) >= 0; }).length * 2
          + (doc.url.indexOf("#") < 0 ? 1 : 0);
        found.push({ doc: doc, score: score, k: k });
      }
    });
    found.sort(function (a, b) { return b.score - a.score || a.k - b.k; });
    found.slice(0, SHOWN).forEach(function (f) { list.appendChild(item(f.doc, words)); });
    if (!found.length) { say("none", { query: query }); }
    else if (found.length > SHOWN) { say("more", { query: query, n: found.length, shown: SHOWN }); }
    else { say("found", { query: query, n: found.length }); }
  }
  function search() {
    var query = input.value.trim();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    }
    if (!query) { list.textContent = ""; said.textContent = ""; return; }
    if (said.textContent === "") { say("loading"); }
    load().then(function (docs) { show(docs, query); }, function () { say("failed"); });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(search, 200); });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; search(); }
})();
