// Render pymdownx.arithmatex (generic mode) output with KaTeX; loaded only on pages with math.
(function () {
  function render() {
    if (typeof katex === "undefined") return;
    document.querySelectorAll(".arithmatex").forEach(function (el) {
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
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
