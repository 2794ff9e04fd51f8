/* Search that costs nothing until it is used, and that highlights what it found however the
 * reader typed it (README, "Search").
 *
 * 1. Lazy index. Material's bundle requests search/search_index.json as soon as a page loads.
 *    This script, loaded right before the bundle, holds that one request back until the
 *    reader focuses the search box or opens search (keyboard shortcut, the search icon), or the
 *    address asks for search (?q=, shared searches) or for highlighting (?h=). Nothing else is
 *    changed: the request is Material's own, sent later. Material's search worker is started
 *    at the same moment, not at page load: the Worker it creates stands in for the real one
 *    until the first message (the index) is posted to it. The offline copy (file://) has its
 *    own stand-in (dossier/publish/assets/offline-worker.js) and loads its index from
 *    search/search_index.js when search opens, as Material does there.
 * 2. Folded highlighting. Material marks the words of a result that spell the query as typed.
 *    The index also answers other spellings (Vucic → Vučić, Вучић → Vučić; see
 *    dossier/render/folding.py): the same words are marked here, by comparing the text and the
 *    query folded alike (lower case, Serbian Cyrillic → Latin, diacritics removed, đ/dj → d).
 * 3. Page scripts on demand. A script that only some pages use (the timeline's filters,
 *    dossier-filters.js) is named by those pages in a `data-dossier-script` attribute and
 *    loaded when such a page is shown, instant navigation included; other pages never load it.
 */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = false;
  var held = [];

  function load() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (item) {
      if (item[0].readyState === 1) send.apply(item[0], item[1]); // still OPENED, not aborted
    });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.dossierIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.dossierIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  var RealWorker = window.Worker;
  var SEARCH_WORKER = /assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js/;
  if (RealWorker) {
    window.Worker = function (url, options) {
      if (!SEARCH_WORKER.test(String(url))) return new RealWorker(url, options);
      var proxy = new EventTarget(), real = null;
      proxy.postMessage = function (data) {
        if (!real) {
          real = new RealWorker(url, options);
          ["message", "messageerror", "error"].forEach(function (type) {
            real.addEventListener(type, function (event) {
              proxy.dispatchEvent(type === "error" ? new Event("error")
                : new MessageEvent(type, { data: event.data }));
            });
          });
        }
        real.postMessage(data);
      };
      proxy.terminate = function () { if (real) real.terminate(); };
      return proxy;
    };
  }

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) load();
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches(".md-search__input")) load();
  }, true);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.id === "__search" && el.checked) load();
  }, true);
  window.dossierSearch = { load: load, loaded: function () { return wanted; } };

  /* ------------------------------------------------------------- folded highlighting */

  var CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "d", "е": "e", "ж": "z", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "c", "џ": "dz", "ш": "s", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "ё": "jo",
    "щ": "sc", "ъ": "", "ь": "", "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "đ": "d"
  };

  /* [folded characters, index in `text` of each] */
  function fold(text) {
    var out = [], at = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text[i].toLowerCase();
      var latin = CYR.hasOwnProperty(ch) ? CYR[ch]
        : ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      for (var j = 0; j < latin.length; j++) {
        var c = latin[j];
        if (c === "j" && out[out.length - 1] === "d") continue; // đ is "dj" as often as "d"
        out.push(c);
        at.push(i);
      }
    }
    return [out.join(""), at];
  }

  function terms(query) {
    return query.split(/[\s\-–—,:;!?=\[\]()"“”‘’«»„/*+^~]+/)
      .map(function (t) { return fold(t)[0]; })
      .filter(function (t) { return t.length > 1; });
  }

  function markNode(node, words) {
    var text = node.nodeValue, folded = fold(text), hay = folded[0], at = folded[1];
    var spans = [];
    words.forEach(function (word) {
      var from = 0, k;
      while ((k = hay.indexOf(word, from)) >= 0) {
        from = k + 1;
        if (k > 0 && /[a-z0-9]/.test(hay[k - 1])) continue; // words start where lunr's do
        var start = at[k], end = at[k + word.length - 1] + 1;
        spans.push([start, end]);
      }
    });
    if (!spans.length) return;
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment(), pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return; // overlaps the previous mark
      frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
      var mark = document.createElement("mark");
      mark.className = "dossier-folded";
      mark.textContent = text.slice(s[0], s[1]);
      frag.appendChild(mark);
      pos = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos)));
    node.parentNode.replaceChild(frag, node);
  }

  function highlight(article, words) {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (n) { markNode(n, words); });
  }

  function watchResults() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input || list.dossierWatched) return;
    list.dossierWatched = true;
    new MutationObserver(function () {
      var words = terms(input.value);
      if (!words.length) return;
      list.querySelectorAll(".md-search-result__article:not([data-dossier-folded])")
        .forEach(function (article) {
          article.setAttribute("data-dossier-folded", "");
          highlight(article, words);
        });
    }).observe(list, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchResults);
  } else {
    watchResults();
  }

  /* 3. Page scripts on demand. */
  var pageScripts = {};
  function loadPageScripts() {
    document.querySelectorAll("[data-dossier-script]").forEach(function (el) {
      var src = new URL(el.getAttribute("data-dossier-script"), window.location.href).href;
      if (pageScripts[src]) return;
      pageScripts[src] = true;
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    // Material's document$ replays the page shown, then every page instant navigation shows.
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(loadPageScripts);
    else loadPageScripts();
  });
})();
