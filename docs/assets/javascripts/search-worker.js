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

  function understand(query) {
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
        if (bare) out.push(bare);
      } else if (/^[A-Za-z]+$/.test(word)) {
        var stemmed = stem(word);
        if (stemmed) out.push(stemmed);
      }
    });
    return out.filter(function (w, i) { return out.indexOf(w) === i; }).join(" ");
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string") {
      message.data = understand(message.data);
    }
  });
  self.understandQuery = understand;  // for tests

  var theme = new URL(self.location.href).searchParams.get("theme");
  importScripts(new URL(theme, self.location.href).href);
})();
