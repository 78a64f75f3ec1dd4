// Render pymdownx.arithmatex (generic mode) output with KaTeX; loaded only on pages with math.
//
// KaTeX (its script from data-js; its stylesheet is linked in the page head) is fetched only
// when a formula is on screen, or within a screen of it once the reader scrolls, and formulas are
// typeset as they come near, in short slices, so a long note with many formulas opens quickly.
// Without KaTeX (offline, blocked network) the TeX source stays visible with a short notice.
(function () {
  "use strict";
  var script = document.currentScript;
  var JS = script && script.getAttribute("data-js");
  var CSS = script && script.getAttribute("data-css");
  var CORS = script && script.hasAttribute("data-crossorigin");
  var TEXT = {
    ko: "수식 라이브러리를 불러오지 못해 수식을 TeX 원문으로 보여 준다. 네트워크에 연결된 뒤 새로 고치면 수식으로 보인다.",
    en: "The maths library could not be loaded (no network?), so formulas are shown as TeX source. Reload once you are online."
  };
  var loading = null;
  var pending = [];
  var busy = false;

  // Say once, above the first formula, that the formulas are shown as source.
  function notice() {
    var first = document.querySelector(".arithmatex");
    if (!first || document.querySelector('[data-asset-missing="katex"]')) return;
    var block = first.closest("table, p, li, div.arithmatex") || first;
    var holder = block.closest("[lang]");
    var note = document.createElement("p");
    note.className = "asset-notice";
    note.setAttribute("role", "note");
    note.setAttribute("data-asset-missing", "katex");
    note.textContent = TEXT[holder && /^ko\b/.test(holder.getAttribute("lang")) ? "ko" : "en"];
    block.parentNode.insertBefore(note, block);
  }

  function library() {
    if (typeof katex !== "undefined") return Promise.resolve(katex);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (!JS) return reject(new Error("no maths library"));
        if (CSS) {
          var link = document.createElement("link");
          link.rel = "stylesheet";
          link.href = CSS;
          if (CORS) link.crossOrigin = "anonymous";
          document.head.appendChild(link);
        }
        var tag = document.createElement("script");
        tag.src = JS;
        if (CORS) tag.crossOrigin = "anonymous";
        tag.onload = function () {
          if (typeof katex !== "undefined") resolve(katex);
          else reject(new Error("maths library invalid"));
        };
        tag.onerror = function () { reject(new Error("maths library unavailable")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function typeset(el) {
    if (el.dataset.rendered) return;
    var tex = el.textContent.trim();
    var display = el.tagName === "DIV";
    tex = display ? tex.replace(/^\\\[|\\\]$/g, "") : tex.replace(/^\\\(|\\\)$/g, "");
    try {
      katex.render(tex, el, { displayMode: display, throwOnError: false });
      el.dataset.rendered = "1";
    } catch (e) {
      /* leave the TeX source visible */
    }
  }

  // A display formula wider than the column scrolls sideways: keyboard users must reach it too.
  function scrollable(blocks) {
    blocks.forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }

  function flush() {
    if (busy || !pending.length) return;
    busy = true;
    library().then(function () {
      (function slice() {
        var start = Date.now();
        var done = [];
        while (pending.length && Date.now() - start < 8) {
          var el = pending.shift();
          typeset(el);
          if (el.tagName === "DIV") done.push(el);
        }
        requestAnimationFrame(function () { scrollable(done); });
        if (pending.length) setTimeout(slice, 0);
        else busy = false;
      })();
    }, function () {
      pending = [];
      notice();
    });
  }

  function start() {
    var formulas = Array.prototype.slice.call(document.querySelectorAll(".arithmatex"))
      .filter(function (el) { return !el.dataset.rendered; });
    if (!formulas.length) return;
    if (!("IntersectionObserver" in window)) {
      pending = pending.concat(formulas);
      return flush();
    }
    var observer = null;
    function watch(margin) {
      if (observer) observer.disconnect();
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          var at = formulas.indexOf(entry.target);
          if (at >= 0) formulas.splice(at, 1);
          pending.push(entry.target);
        });
        flush();
      }, { rootMargin: margin });
      formulas.forEach(function (el) { observer.observe(el); });
    }
    // Formulas on the first screen are typeset at once; once the reader scrolls, those up to a
    // screen ahead are typeset too, before they come into view.
    watch("0px");
    addEventListener("scroll", function () { watch("100% 0px"); }, { once: true, passive: true });
  }

  if (typeof document$ !== "undefined") document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();
