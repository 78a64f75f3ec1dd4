// The site's search worker: the theme's own worker, with the reader's query understood first.
//
// The theme matches every query word as a prefix ("트랜스포머" also finds "트랜스포머는") but
// takes words as typed. Learners type questions and inflected words, so before the theme sees
// a query, each word is kept and joined by the forms a note is likelier to contain:
//   - Korean: particles and endings come off ("임베딩이란" -> 임베딩, "과적합은" -> 과적합,
//     "설치하는 법" -> 설치); question words ("뭐야", "법") are dropped.
//   - English: the word's stem is added ("embeddings" -> embed, "quantized" -> quantiz), so
//     every inflection of it matches as a prefix.
// The theme loads after this listener is registered, so its own listener sees the new query.
//
// The glossary entries arrive with their names only; their search fields (the names joined
// into single tokens, graded by length) are made here before the theme builds its index.
//
// Its answers are read on the way out too: when a glossary entry is the best match, the note
// that explains the term (the entry's `note`, written into the index at build time) is shown
// first and the entry second, so a reader asking for a term lands on its explanation.
/* global lunr, importScripts */
(function () {
  "use strict";

  // Longest first; each is removed only when at least two syllables remain.
  var ENDINGS = [
    "이라는", "이라고", "이란", "이라", "라는", "라고", "란",
    "에서는", "에서", "으로는", "으로", "로는", "로", "에게", "에는", "에도", "에",
    "하려면", "하는", "하기", "하고", "하면", "시키는", "되는", "된",
    "와", "과", "은", "는", "이", "가", "을", "를", "의", "도", "만"
  ];
  // Words that only make a question; dropped when the query has other words.
  var QUESTION = ["뭐야", "뭐예요", "뭔가요", "뭔데", "무엇", "무엇인가요", "법", "방법은", "뜻", "란", "이란",
    "어떻게", "알려줘", "설명", "차이는", "차이가"];
  var HANGUL = /^[\uAC00-\uD7A3]+$/;
  var LATIN_THEN_HANGUL = /^([A-Za-z0-9.+#]+)([\uAC00-\uD7A3]+)$/;

  function stripKorean(word) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (word.length - ending.length >= 2 && word.slice(-ending.length) === ending) {
        return word.slice(0, -ending.length);
      }
    }
    return "";
  }

  function stem(word) {
    if (typeof lunr === "undefined" || !lunr.stemmer || word.length < 4) return "";
    var stemmed = lunr.stemmer(new lunr.Token(word.toLowerCase())).toString();
    return stemmed.length >= 3 && stemmed !== word.toLowerCase() ? stemmed : "";
  }

  var formOf = {};  // a word as typed -> the form added for it ("트랜스포머란" -> 트랜스포머)

  function understand(query) {
    formOf = {};
    // Quoted phrases and search operators are the reader's own syntax: leave them alone.
    if (/["~^*:]|(^|\s)[+-]/.test(query)) return query;
    var words = query.trim().split(/\s+/).filter(Boolean);
    var meaningful = words.filter(function (w) { return QUESTION.indexOf(w) < 0; });
    if (meaningful.length) words = meaningful;
    var out = [];
    words.forEach(function (word) {
      var mixed = LATIN_THEN_HANGUL.exec(word);
      if (mixed && (ENDINGS.indexOf(mixed[2]) >= 0 || QUESTION.indexOf(mixed[2]) >= 0)) {
        out.push(mixed[1]);  // "LLM이란", "YOLO로": the particle alone would only add noise
        return;
      }
      out.push(word);
      if (HANGUL.test(word)) {
        var bare = stripKorean(word);
        if (bare) { out.push(bare); formOf[word.toLowerCase()] = bare.toLowerCase(); }
      } else if (/^[A-Za-z]+$/.test(word)) {
        var stemmed = stem(word);
        if (stemmed) { out.push(stemmed); formOf[word.toLowerCase()] = stemmed; }
      }
    });
    return out.filter(function (w, i) { return out.indexOf(w) === i; }).join(" ");
  }

  var pages = {};        // page location -> its index entry (for a note the results lack)
  var explainedBy = {};  // glossary entry location -> location of the note that explains it
  var entryNames = {};   // glossary entry location -> its names, folded (from "이름 (ABBR, Name)")
  var asked = "";        // the query as the reader typed it

  function fold(text) {
    return String(text).toLowerCase().replace(/[\s\-_.,:;!?'"()\u2060]+/g, "");
  }

  function namesOf(title) {
    var open = title.indexOf(" (");
    if (open < 0 || title.slice(-1) !== ")") return [fold(title)];
    return [title.slice(0, open)].concat(title.slice(open + 2, -1).split(", ")).map(fold);
  }

  function remember(docs) {
    docs.forEach(function (doc) {
      if (doc.location.indexOf("#") < 0) pages[doc.location] = doc;
      if (doc.note) explainedBy[doc.location] = doc.note;
      if (/glossary\/#/.test(doc.location)) {
        // Its headword, abbreviation and English name, its other names (`aka`), and its names
        // as its name fields hold them joined ("brainfloatingpoint\u2060"; a tail of a name
        // ends with two joiners).
        var names = namesOf(doc.title || "").concat((doc.aka || []).map(fold));
        Object.keys(doc).forEach(function (key) {
          if (!/^exact\d+$/.test(key)) return;
          String(doc[key]).split(" ").forEach(function (token) {
            if (token.slice(-2) !== "\u2060\u2060") names.push(fold(token));
          });
        });
        entryNames[doc.location] = names;
      }
    });
  }

  function isGlossary(group) {
    return group[0].location.split("#")[0].slice(-9) === "glossary/";
  }

  // The query folded whole, as typed and with particles off ("확산 모델은" -> 확산모델), and
  // its words with particles off.
  function forms(query) {
    var words = query.trim().split(/\s+/).filter(function (w) { return w && QUESTION.indexOf(w) < 0; });
    var bare = words.map(function (word) {
      var mixed = LATIN_THEN_HANGUL.exec(word);
      if (mixed && ENDINGS.indexOf(mixed[2]) >= 0) return mixed[1];
      return (HANGUL.test(word) && stripKorean(word)) || word;
    });
    return { whole: [fold(words.join("")), fold(bare.join(""))], words: bare.map(fold) };
  }

  function named(location, candidates) {
    var names = entryNames[location] || [];
    return candidates.some(function (c) { return c && names.indexOf(c) >= 0; });
  }

  // The glossary entry a query asks for: one named exactly as the query among the first three
  // results; else, when the glossary leads, its best entry if it matches every word of the
  // query, or the first one named by a word of the query ("IoU 계산" -> IoU).
  function askedEntry(items) {
    var query = forms(asked);
    for (var i = 0; i < Math.min(3, items.length); i++) {
      if (!isGlossary(items[i])) continue;
      for (var j = 0; j < items[i].length; j++) {
        if (named(items[i][j].location, query.whole)) return { group: i, doc: j };
      }
    }
    if (!items.length || !isGlossary(items[0])) return null;
    var top = items[0][0];
    var terms = top.terms || {};
    if (Object.keys(terms).every(function (term) { return terms[term]; })) {
      return explainedBy[top.location] ? { group: 0, doc: 0 } : null;
    }
    for (var k = 0; k < items[0].length; k++) {
      if (named(items[0][k].location, query.words)) return { group: 0, doc: k };
    }
    return null;
  }

  function explainedFirst(items) {
    var found = askedEntry(items);
    if (!found) return items;
    var glossary = items.splice(found.group, 1)[0];
    var entry = glossary.splice(found.doc, 1)[0];
    glossary.unshift(entry);  // shown first within the glossary's result
    var note = explainedBy[entry.location];
    var at = -1;
    items.forEach(function (group, i) { if (at < 0 && group[0].location.split("#")[0] === note) at = i; });
    var explaining = at >= 0 ? items.splice(at, 1)[0] : null;
    if (!explaining && pages[note]) {
      var doc = pages[note];
      explaining = [{ location: doc.location, title: doc.title, text: doc.text, tags: doc.tags,
                      score: entry.score, terms: entry.terms }];
    }
    items.unshift(glossary);
    if (explaining) items.unshift(explaining);
    return items;
  }

  // A word found by the form added for it is not "missing" from the result.
  function foundByItsForm(doc) {
    var terms = doc.terms || {};
    Object.keys(terms).forEach(function (term) {
      if (!terms[term] && terms[formOf[term]]) terms[term] = true;
    });
  }

  // ---------------------------------------------------------------------------------------
  // A glossary entry's search fields, made here from its names instead of shipped in the index
  // (about 4% of its bytes). The rules and their reasons are those of search_entry() in
  // scripts/ai_notes/search_names.py, which builds the same fields at build time (for the index
  // check) and which tests/test_glossary_browser.py holds this function to, entry by entry.
  var GLUE = "\u2060";

  function len(text) { return Array.from(text).length; }

  function words(text, separator) { return text.split(separator).filter(Boolean); }

  function joined(parts) {
    return parts.join("").replace(/(?<=[가-힣])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[가-힣])/g, GLUE) + GLUE;
  }

  // The entry's headword, English name and abbreviation: from `n` where the build wrote them,
  // else from the title as the glossary page writes it ("헤드워드 (ABBR, Other name)").
  function titleNames(doc) {
    if (doc.n) return { head: doc.n[0], other: doc.n[1], abbr: doc.n[2] };
    var title = doc.title || "";
    var open = title.indexOf(" (");
    if (open < 0 || title.slice(-1) !== ")") return { head: title, other: title, abbr: "" };
    var shown = title.slice(open + 2, -1).split(", ");
    var head = title.slice(0, open);
    return shown.length > 1 ? { head: head, abbr: shown[0], other: shown[1] } : { head: head, abbr: "", other: shown[0] };
  }

  function glossaryFields(doc, config) {
    var rules = config.glossary;
    var separator = new RegExp(config.separator);
    var names = titleNames(doc);
    var ko = rules.lang === "en" ? names.other : names.head;
    var en = rules.lang === "en" ? names.head : names.other;
    var aliases = doc.aka || [];
    var all = [];
    [ko, en, names.abbr].concat(aliases).forEach(function (name) {
      if (name && all.indexOf(name) < 0) all.push(name);
    });
    var titleWords = words(doc.title || "", separator).map(function (w) { return w.toLowerCase(); });
    var found = [];
    aliases.forEach(function (name) {
      words(name, separator).forEach(function (word) {
        word = word.toLowerCase();
        if (!word || found.indexOf(word) >= 0 || titleWords.some(function (t) {
          return t.startsWith(word) || word.startsWith(t);
        })) return;
        found.push(word);
      });
    });
    all.forEach(function (name) {
      var lead = /^([\p{L}\p{N}]+)-/u.exec(name);
      if (lead && found.indexOf(lead[1].toLowerCase()) < 0) found.push(lead[1].toLowerCase());
    });
    var fields = {};
    var placed = {};
    function add(length, token) {
      if (placed[token]) return;
      placed[token] = true;
      var number = rules.buckets.findIndex(function (limit) { return length <= limit; });
      var field = "exact" + ((number < 0 ? rules.buckets.length : number) + 1);
      (fields[field] = fields[field] || []).push(token);
    }
    var first = new Map();
    all.forEach(function (name) {
      var parts = words(name.toLowerCase(), separator);
      if (parts.length && (!first.has(parts[0]) || len(parts.join("")) < len(first.get(parts[0]).join("")))) {
        first.set(parts[0], parts);
      }
    });
    first.forEach(function (parts) { add(len(parts.join("")), joined(parts)); });
    [ko, en].forEach(function (name) {
      var parts = words(name.toLowerCase(), separator);
      for (var start = 1; start < parts.length; start++) {
        var tail = parts.slice(start).join("");
        var token = joined(parts.slice(start)) + GLUE;
        if (/^\d+$/.test(tail)) add(len(tail) + rules.version, token);
        else if (len(tail) >= 2) add(len(tail) + rules.tail, token);
      }
    });
    var out = {};
    Object.keys(fields).forEach(function (field) { out[field] = fields[field].join(" "); });
    if (found.length) out.names = found.join(" ");
    return out;
  }

  // Before the theme builds its index from them (its listener runs after this one).
  function completeEntries(data) {
    if (!data.config || !data.config.glossary) return;
    data.docs.forEach(function (doc) {
      if (/glossary\/#/.test(doc.location)) Object.assign(doc, glossaryFields(doc, data.config));
    });
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 0 && message.data && message.data.docs) {
      completeEntries(message.data);
      remember(message.data.docs);
    } else if (message && message.type === 2 && typeof message.data === "string") {
      asked = message.data;
      message.data = understand(message.data);
    }
  });

  // The theme answers with the global postMessage, which resolves to this own property.
  var post = self.postMessage.bind(self);
  self.postMessage = function (message, transfer) {
    if (message && message.type === 3 && message.data && Array.isArray(message.data.items)) {
      explainedFirst(message.data.items);
      message.data.items.forEach(function (group) { group.forEach(foundByItsForm); });
    }
    return transfer === undefined ? post(message) : post(message, transfer);
  };
  self.understandQuery = understand;  // for tests
  self.glossaryFields = glossaryFields;  // for tests

  var theme = new URL(self.location.href).searchParams.get("theme");
  importScripts(new URL(theme, self.location.href).href);
})();
