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
          real.initialize(settings || { startOnLoad: false });
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

  if (typeof window.mermaid === "undefined") window.mermaid = stand_in;
})();
