/*
 * The timeline's scripts, as a progressive enhancement: filters, and permanent addresses.
 *
 * The timeline is a landing page (/timeline/) and one page of fact cards per year
 * (/timeline/2019/, /timeline/undated/; dossier/render/pages.py). Every fact is an
 * `<article class="dossier-fact" data-year data-topics data-kinds data-verification
 * data-origin>`; the facts' index (timeline/facts.js, `routes.TIMELINE_INDEX`) lists every
 * fact with its page and the same fields. It is loaded only when needed:
 *
 * - Permanent addresses. `/timeline/#<fact-id>` (and any timeline page with the id of a fact
 *   filed elsewhere, e.g. after its date was corrected) is forwarded to the fact's card.
 * - Filters on the landing page: topic, entity kind, verification, origin (from the article
 *   or not) and year range over every fact. The form is in the HTML; choosing a filter loads
 *   the index and lists the matching facts, linked to their cards. The choice is kept in the
 *   query string so a filtered view can be shared:
 *   /timeline/?topic=military-security&kind=weapon-system&verification=corrected
 *   &origin=article&from=2018&to=2022.
 * - Filters on a year page: the same fields but the year range, over the page's cards,
 *   hiding those that do not match.
 *
 * Facts without a date have no year: they are shown only while no year range is set.
 * Loaded only on the timeline's pages, once (their filter names it in `data-dossier-script`;
 * dossier-search.js loads it). Works with Material's instant navigation: it subscribes to every
 * page Material shows.
 */
(function () {
  "use strict";

  var PARAMS = ["topic", "kind", "verification", "origin", "from", "to"];

  function humanise(id) {
    var words = id.replace(/-/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      el.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /* The form's parts (it is in the HTML: no layout shift when the script starts). */
  function parts(form) {
    var selects = {};
    var params = PARAMS.filter(function (name) { return form.elements[name]; });
    params.forEach(function (name) { selects[name] = form.elements[name]; });
    return { selects: selects, params: params,
             status: form.querySelector(".dossier-filters__count"),
             reset: form.querySelector("button[type=reset]") };
  }

  /* ------------------------------------------------ a year page: its cards */

  function setupCards(holder, form) {
    var facts = Array.prototype.slice.call(
      holder.parentElement.querySelectorAll("article.dossier-fact"));
    var p = parts(form);

    function apply(values) {
      var shown = 0;
      facts.forEach(function (fact) {
        var year = fact.dataset.year ? Number(fact.dataset.year) : null;
        var ok = matches(values, words(fact.dataset.topics), words(fact.dataset.kinds),
                         fact.dataset.verification, fact.dataset.origin, year);
        fact.hidden = !ok;
        if (ok) shown += 1;
      });
      p.status.textContent = summary(values, shown, facts.length);
      p.reset.disabled = !isFiltered(values);
      var fold = holder.querySelector("details");
      if (fold && isFiltered(values)) fold.open = true;  // a filtered view shows its filter
    }

    wire(form, p.selects, p.params, apply);
  }

  /* ------------------------------------------------ shared by both kinds of page */

  function matches(values, topics, kinds, verification, origin, year) {
    var from = values.from ? Number(values.from) : null;
    var to = values.to ? Number(values.to) : null;
    return (!values.topic || topics.indexOf(values.topic) >= 0)
      && (!values.kind || kinds.indexOf(values.kind) >= 0)
      && (!values.verification || verification === values.verification)
      && (!values.origin || origin === values.origin)
      && ((from === null && to === null)
          || (year !== null && (from === null || year >= from) && (to === null || year <= to)));
  }

  function isFiltered(values) {
    return PARAMS.some(function (name) { return values[name]; });
  }

  function summary(values, shown, total) {
    var from = values.from ? Number(values.from) : null;
    var to = values.to ? Number(values.to) : null;
    if (from !== null && to !== null && from > to) {
      // Say why nothing shows instead of a silent "0 of N".
      return "No fact can match: \u201cFrom year\u201d (" + from +
        ") is after \u201cTo year\u201d (" + to + "). Swap them or choose another year.";
    }
    if (isFiltered(values) && !shown) {
      return "No fact matches these filters. Choose fewer, or \u201cShow all\u201d.";
    }
    if (isFiltered(values)) return "Showing " + shown + " of " + total + " facts.";
    return total === 1 ? "Showing 1 fact." : "Showing all " + total + " facts.";
  }

  /* Keep the form and the query string in step: read it at start, write it on each change. */
  function wire(form, selects, params, apply) {
    function chosen() {
      var out = {};
      params.forEach(function (name) { out[name] = selects[name].value; });
      return out;
    }

    function toURL(values) {
      var url = new URL(window.location.href);
      PARAMS.forEach(function (name) { url.searchParams.delete(name); });
      params.forEach(function (name) {  // always in the same order: one URL per view
        if (values[name]) url.searchParams.append(name, values[name]);
      });
      if (url.href !== window.location.href) {
        history.replaceState(history.state, "", url.href);
      }
    }

    function fromURL() {
      var query = new URL(window.location.href).searchParams;
      params.forEach(function (name) {
        var value = query.get(name) || "";
        var known = Array.prototype.some.call(selects[name].options, function (o) {
          return o.value === value;
        });
        selects[name].value = known ? value : "";
      });
    }

    form.addEventListener("change", function () {
      var values = chosen();
      apply(values);
      toURL(values);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {  // after the browser has reset the selects
        var values = chosen();
        apply(values);
        toURL(values);
        selects.topic.focus();
      }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    fromURL();
    apply(chosen());
  }

  /* The facts' index, loaded once per page as a script (a script loads from file:// too). */
  var pending = null;
  function loadIndex(holder, done) {
    if (window.dossierTimelineIndex) { done(window.dossierTimelineIndex); return; }
    if (!pending) {
      pending = [];
      var script = document.createElement("script");
      script.src = new URL(holder.dataset.dossierIndex, window.location.href).href;
      script.onload = function () {
        var callbacks = pending;
        pending = null;
        callbacks.forEach(function (cb) { cb(window.dossierTimelineIndex || null); });
      };
      script.onerror = script.onload;
      document.head.appendChild(script);
    }
    pending.push(done);
  }

  /* The address of a fact's card on its period's page, next to the index file. */
  function cardURL(holder, period, id) {
    var page = new URL(period + "/", new URL(holder.dataset.dossierIndex, window.location.href));
    if (page.protocol === "file:") page = new URL("index.html", page);  // the offline copy
    return page.href + "#" + id;
  }

  /* A permanent address whose fact is filed on another page: go there. */
  function forward(holder) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id)) return;
    loadIndex(holder, function (index) {
      if (!index) return;
      for (var i = 0; i < index.facts.length; i += 1) {
        if (index.facts[i][0] === id) {
          var target = cardURL(holder, index.facts[i][1], id);
          var here = window.location.href.split("#")[0].split("?")[0];
          // Never to this very page (a stale index would reload it for ever).
          if (target.split("#")[0] !== here) window.location.replace(target);
          return;
        }
      }
    });
  }

  /* ------------------------------------------------ the landing page: every fact */

  var SHOWN_AT_ONCE = 200;  // a long result grows by this many lines at a time

  function setupAll(holder, form) {
    var p = parts(form);
    var status = p.status;
    var reset = p.reset;
    var results = holder.querySelector("[data-dossier-results]");
    var initial = status.textContent;
    var request = 0;

    function render(index, values) {
      var labels = index.verifications;
      var hits = index.facts.filter(function (f) {
        return matches(values, f[4], f[5], f[6], f[7], f[1] === "undated" ? null : Number(f[1]));
      });
      status.textContent = summary(values, hits.length, index.facts.length);
      results.textContent = "";
      var limit = SHOWN_AT_ONCE;
      function more() {
        var list = results.querySelector("ul") || results.appendChild(
          element("ul", { class: "dossier-filters__list" }));
        var start = list.children.length;
        hits.slice(start, limit).forEach(function (f) {
          var item = element("li");
          item.appendChild(element("span", { class: "dossier-date" },
                                   f[2] || "date not stated"));
          item.appendChild(document.createTextNode(" \u2014 "));
          item.appendChild(element("a", { href: cardURL(holder, f[1], f[0]) }, f[3]));
          item.appendChild(document.createTextNode(" "));
          item.appendChild(element("span", { class: "dossier-badge dossier-badge--" + f[6] },
                                   labels[f[6]] || humanise(f[6])));
          list.appendChild(item);
        });
        var button = results.querySelector(".dossier-filters__more");
        if (button) button.remove();
        if (hits.length > limit) {
          button = element("button", { type: "button", class: "md-button dossier-filters__more" },
                           "Show " + Math.min(SHOWN_AT_ONCE, hits.length - limit) + " more of " +
                           (hits.length - limit));
          button.addEventListener("click", function () { limit += SHOWN_AT_ONCE; more(); });
          results.appendChild(button);
        }
      }
      more();
      results.hidden = !hits.length;
    }

    function apply(values) {
      var filtered = isFiltered(values);
      reset.disabled = !filtered;
      request += 1;
      if (!filtered) {
        status.textContent = initial;
        results.hidden = true;
        results.textContent = "";
        return;
      }
      var mine = request;
      status.textContent = "Loading the facts\u2026";
      loadIndex(holder, function (index) {
        if (mine !== request) return;  // a later choice has been made meanwhile
        if (!index) {
          status.textContent = "The list of facts could not be loaded; the year pages below " +
            "have every fact.";
          return;
        }
        render(index, values);
      });
    }

    wire(form, p.selects, p.params, apply);
  }

  function init() {
    document.querySelectorAll("[data-dossier-filters]").forEach(function (holder) {
      if (holder.dataset.dossierFiltersReady) return;
      holder.dataset.dossierFiltersReady = "true";
      var form = holder.querySelector("form");
      if (form && holder.querySelector("[data-dossier-results]")) setupAll(holder, form);
      else if (form) setupCards(holder, form);
      if (holder.dataset.dossierIndex) forward(holder);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material: every page, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
