/*
 * Glossary filter (progressive enhancement). Without JavaScript the full term list is shown
 * and the filter tools stay hidden. Typing narrows the list to terms whose Korean headword,
 * English term, abbreviation, other names or Korean initial consonants (ㄱㅈㅎ) contain the
 * text; the category buttons keep only terms with that tag.
 */
(function () {
  "use strict";

  var tools = document.querySelector("[data-glossary-tools]");
  if (!tools) return;
  var input = tools.querySelector("input[type=search]");
  var status = tools.querySelector("[data-glossary-status]");
  var chips = Array.prototype.slice.call(tools.querySelectorAll(".glossary-chip"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-glossary-group]"));
  var jumps = {};
  Array.prototype.forEach.call(document.querySelectorAll(".glossary-jump a[data-group]"), function (a) {
    jumps[a.getAttribute("data-group")] = a;
  });

  function norm(text) {
    return text.normalize("NFC").toLowerCase().replace(/[\s\-\u2010_·.()]+/g, "");
  }

  var entries = Array.prototype.map.call(document.querySelectorAll("[data-glossary-entry]"), function (el) {
    return {
      el: el,
      // each name normalised on its own, so a query never spans two names
      names: (el.getAttribute("data-names") || "").split("|").map(norm).join("\u0000"),
      starts: (el.getAttribute("data-names") || "").split("|").map(norm),
      tags: (el.getAttribute("data-tags") || "").split("|")
    };
  });

  var countText = status.getAttribute("data-count") || "{n}";
  var noneText = status.getAttribute("data-none") || "0";
  var tag = "";
  var timer = 0;

  // Initial consonants only (ㅅ, ㄱㅎ): terms whose name starts with them come first, then
  // those that merely contain them, each kept in dictionary order.
  var INITIALS = /^[\u3131-\u314e]+$/;

  function apply() {
    var query = norm(input.value);
    var ranked = INITIALS.test(query);
    var shown = 0;
    entries.forEach(function (entry) {
      var ok = (!tag || entry.tags.indexOf(tag) >= 0) && (!query || entry.names.indexOf(query) >= 0);
      if (entry.el.hidden === ok) entry.el.hidden = !ok;
      if (ok) shown += 1;
      entry.first = ok && ranked && entry.starts.some(function (name) { return name.indexOf(query) === 0; });
      entry.el.style.order = ranked && !entry.first ? "1" : "";
    });
    groups.forEach(function (group) {
      var any = group.querySelector("[data-glossary-entry]:not([hidden])") !== null;
      group.hidden = !any;
      var leads = ranked && entries.some(function (entry) { return entry.first && group.contains(entry.el); });
      group.style.order = ranked && !leads ? "1" : "";
      var link = jumps[group.getAttribute("data-glossary-group")];
      if (link) {
        if (any) link.removeAttribute("aria-disabled");
        else link.setAttribute("aria-disabled", "true");
      }
    });
    // Announce the count once typing pauses, not on every key.
    clearTimeout(timer);
    timer = setTimeout(function () {
      status.textContent = shown ? countText.replace("{n}", shown) : noneText;
    }, 300);
    tools.setAttribute("data-shown", String(shown));
  }

  function choose(chip) {
    tag = chip.getAttribute("data-tag") || "";
    chips.forEach(function (other) {
      other.setAttribute("aria-pressed", other === chip ? "true" : "false");
    });
    apply();
  }

  input.addEventListener("input", apply);
  input.addEventListener("search", apply);
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () { choose(chip); });
  });

  // Following a link to an entry that the filter hides clears the filter first.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.closest("[hidden]")) {
      input.value = "";
      choose(chips[0]);
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);

  tools.hidden = false;
  apply();
})();
