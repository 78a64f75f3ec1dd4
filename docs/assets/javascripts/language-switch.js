// The language switcher links each page to its translation. Both languages share heading ids,
// so carry along the section the reader is in: the address's #fragment, or else the last
// heading scrolled past.
(function () {
  function currentSection() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var el = id && document.getElementById(id);
    // An old anchor kept as an alias sits right before the heading that now owns the section.
    if (el && el.classList.contains("heading-alias") && el.nextElementSibling) return el.nextElementSibling.id;
    if (el) return id;
    var found = "";
    var limit = window.innerHeight / 3;
    document.querySelectorAll(".md-content h2[id], .md-content h3[id]").forEach(function (h) {
      if (h.getBoundingClientRect().top <= limit) found = h.id;
    });
    return found;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".md-select a[hreflang]") : null;
    if (!link) return;
    var url = new URL(link.href, location.href);
    var id = url.hash ? "" : currentSection();
    if (!id) return;
    url.hash = id;
    link.href = url.href;
  }, true);
})();
