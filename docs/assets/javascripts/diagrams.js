// Mermaid diagrams, loaded only on pages that have them and only when one comes near the screen.
//
// The theme renders each `.mermaid` block through the global `mermaid` object and fetches the
// library itself when that object is missing. This stand-in takes its place: it keeps the
// theme's settings and hands each diagram to the real library (several megabytes, from
// data-src) once a diagram is about to be seen. When the library cannot be loaded (offline,
// blocked network) the diagram source stays visible with a short notice saying why.
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.getAttribute("data-src");
  var settings = null;
  var loading = null;
  var noticed = false;

  var TEXT = {
    ko: "다이어그램을 불러오지 못해 원본 코드를 그대로 보여 준다. 네트워크에 연결된 뒤 새로 고치면 그림으로 보인다.",
    en: "The diagram could not be loaded (no network?), so its source is shown instead. Reload once you are online to see it drawn."
  };

  function blocks() {
    return Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  }

  function notice() {
    if (noticed) return;
    noticed = true;
    blocks().forEach(function (block) {
      var holder = block.closest("[lang]");
      var lang = holder && /^ko\b/.test(holder.getAttribute("lang")) ? "ko" : "en";
      var note = document.createElement("p");
      note.className = "asset-notice";
      note.setAttribute("role", "note");
      note.setAttribute("data-asset-missing", "mermaid");
      note.textContent = TEXT[lang];
      block.parentNode.insertBefore(note, block);
    });
  }

  // Resolves when a diagram is on screen, or within a screen of it once the reader scrolls.
  function nearScreen() {
    return new Promise(function (resolve) {
      var targets = blocks();
      if (!targets.length || !("IntersectionObserver" in window)) return resolve();
      var observer = null;
      function watch(margin) {
        if (observer) observer.disconnect();
        observer = new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            removeEventListener("scroll", ahead);
            resolve();
          }
        }, { rootMargin: margin });
        targets.forEach(function (target) { observer.observe(target); });
      }
      function ahead() { watch("100% 0px"); }
      watch("0px");
      addEventListener("scroll", ahead, { once: true, passive: true });
    });
  }

  function library() {
    if (!loading) {
      loading = new Promise(function (resolve) { setTimeout(resolve, 0); })  // after every block is queued
        .then(nearScreen)
        .then(function () {
          return new Promise(function (resolve, reject) {
            if (!src) return reject(new Error("no diagram library"));
            var tag = document.createElement("script");
            tag.src = src;
            tag.onload = function () { resolve(window.mermaid); };
            tag.onerror = function () { reject(new Error("diagram library unavailable")); };
            document.head.appendChild(tag);
          });
        })
        .then(function (real) {
          if (!real || real === stand_in || typeof real.render !== "function") throw new Error("diagram library invalid");
          // Natural size: a diagram wider than the column scrolls sideways (see extra.css) instead
          // of shrinking its labels to a few pixels.
          var options = Object.assign({ startOnLoad: false }, settings || {});
          ["flowchart", "sequence", "class", "state", "er", "gantt", "journey", "pie", "mindmap"].forEach(function (kind) {
            options[kind] = Object.assign({}, options[kind] || {}, { useMaxWidth: false });
          });
          real.initialize(options);
          return real;
        });
    }
    return loading;
  }

  var stand_in = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return library().then(
        function (real) { return real.render(id, text); },
        function () {
          notice();
          return new Promise(function () {});  // leave the source in place
        }
      );
    }
  };

  // Until a diagram is drawn, its block is a neutral placeholder (extra.css hides the source)
  // about as tall as the drawing will be: one row of boxes per step of the longest chain in a
  // top-down flowchart, so the text below hardly moves when the drawing arrives.
  function reserve(block) {
    var text = block.textContent;
    var edges = [];
    text.split("\n").forEach(function (line) {
      var ids = line.replace(/"[^"]*"|\|[^|]*\|/g, " ")  // labels are not box names
        .match(/(^|[\s;&])([A-Za-z_][\w]*)(?=\s*(\[|\(|\{|>|--|-\.|==|&|$))/g);
      if (!ids || !/--|==|-\./.test(line)) return;
      ids = ids.map(function (s) { return s.replace(/^[\s;&]/, ""); });
      for (var i = 0; i + 1 < ids.length; i++) edges.push([ids[i], ids[i + 1]]);
    });
    // Longest chain of boxes, following edges forward only (an edge back to a box on the
    // current path is a loop, not a new row).
    var next = {};
    edges.forEach(function (e) { (next[e[0]] = next[e[0]] || []).push(e[1]); });
    var memo = {};
    function longest(node, path) {
      if (memo[node]) return memo[node];
      path[node] = true;
      var best = 1;
      (next[node] || []).forEach(function (child) {
        if (!path[child]) best = Math.max(best, 1 + longest(child, path));
      });
      delete path[node];
      memo[node] = best;
      return best;
    }
    var ranks = 1;
    Object.keys(next).forEach(function (node) { ranks = Math.max(ranks, longest(node, {})); });
    var subgraphs = (text.match(/^\s*subgraph\b/gm) || []).length;
    var decisions = (text.match(/\w+\{/g) || []).length;            // diamonds are taller
    var labelled = (text.match(/--\s[^->]+\s-->|\|[^|]+\|/g) || []).length;  // labelled edges
    var labels = text.match(/\["[^"]*"\]|\{"[^"]*"\}|\("[^"]*"\)/g) || [];
    var wrapped = labels.filter(function (label) {                   // wrap past ~200px
      return label.replace(/[\uAC00-\uD7A3]/g, "xx").length > 30;
    }).length;
    var across = /^\s*(flowchart|graph)\s+(LR|RL)/m.test(text);
    var rows = 60 + ranks * 98 + subgraphs * 40 + Math.min(decisions, ranks) * 40 + Math.min(labelled, ranks) * 12
      + (labels.length ? Math.round(ranks * 24 * wrapped / labels.length) : 0);
    block.style.minHeight = (across ? 160 : rows) + "px";
    return across ? 160 : rows;
  }
  var reserved = blocks().map(reserve);

  // The drawing takes the placeholder's place and keeps at least its height, so
  // a drawing smaller than estimated moves nothing; only a larger one pushes the text down.
  if ("MutationObserver" in window) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1 || !node.matches("div.mermaid")) return;
          var all = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid, div.mermaid"));
          var height = reserved[all.indexOf(node)];
          if (height) node.style.minHeight = height + "px";
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (typeof window.mermaid === "undefined") window.mermaid = stand_in;
})();
