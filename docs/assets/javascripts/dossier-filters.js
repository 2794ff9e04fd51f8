/*
 * Timeline filters: topic, entity kind, verification, origin (from the article or not) and
 * year range, as a progressive enhancement.
 *
 * The timeline page (dossier/pages.py) carries an empty, hidden placeholder
 * `<div class="dossier-filters" data-dossier-filters hidden>` and every fact is an
 * `<article class="dossier-fact" data-year data-topics data-kinds data-verification
 * data-origin>`. Without JavaScript the
 * placeholder stays hidden and the whole list shows. With it, this script builds a small form
 * in the placeholder, hides the facts (and the year headings left empty) that do not match,
 * says how many are shown, and keeps the choice in the query string so a filtered view can be
 * shared: /timeline/?topic=military-security&kind=weapon-system&verification=corrected
 * &origin=article&from=2018&to=2022.
 *
 * Facts without a date have no year: they are shown only while no year range is set.
 * Works with Material's instant navigation: it runs on every page Material swaps in.
 */
(function () {
  "use strict";

  var PARAMS = ["topic", "kind", "verification", "origin", "from", "to"];
  var ORIGINS = [["article", "Stated in the article"], ["other", "Not from the article"]];

  function humanise(id) {
    var words = id.replace(/-/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  /* Topic names, from the topic links inside the fact cards (…/topics/<id>/). */
  function topicNames(facts) {
    var names = {};
    facts.forEach(function (fact) {
      fact.querySelectorAll("a[href]").forEach(function (a) {
        var match = a.getAttribute("href").match(/(?:^|\/)topics\/([a-z0-9-]+)\/?(?:index\.html)?$/);
        if (match && !names[match[1]]) names[match[1]] = a.textContent.trim();
      });
    });
    return names;
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      el.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function field(form, name, label, options) {
    var id = "dossier-filter-" + name;
    var wrap = element("div", { class: "dossier-filters__field" });
    wrap.appendChild(element("label", { for: id }, label));
    var select = element("select", { id: id, name: name });
    options.forEach(function (option) {
      select.appendChild(element("option", { value: option[0] }, option[1]));
    });
    wrap.appendChild(select);
    form.appendChild(wrap);
    return select;
  }

  /* The year headings (h2#yNNNN, h2#undated) with what follows each, up to the next one. */
  function sections(content) {
    var out = [];
    var current = null;
    Array.prototype.forEach.call(content.children, function (child) {
      if (child.tagName === "H2" && /^(y\d+|undated)$/.test(child.id)) {
        current = { heading: child, others: [], facts: [] };
        out.push(current);
      } else if (current) {
        (child.matches("article.dossier-fact") ? current.facts : current.others).push(child);
      }
    });
    return out;
  }

  function setup(placeholder) {
    if (placeholder.dataset.dossierFiltersReady) return;
    placeholder.dataset.dossierFiltersReady = "true";
    var content = placeholder.parentElement;
    var facts = Array.prototype.slice.call(content.querySelectorAll("article.dossier-fact"));
    if (!facts.length) return;

    var topics = topicNames(facts);
    var topicIds = {};
    var kindIds = {};
    var years = {};
    facts.forEach(function (fact) {
      words(fact.dataset.topics).forEach(function (t) { topicIds[t] = true; });
      words(fact.dataset.kinds).forEach(function (k) { kindIds[k] = true; });
      if (fact.dataset.year) years[fact.dataset.year] = true;
    });
    var verifications = {};  // value -> the badge's label, in the order the cards show them
    facts.forEach(function (fact) {
      var value = fact.dataset.verification;
      var badge = value && fact.querySelector(".dossier-badge--" + value);
      if (value && !verifications[value]) verifications[value] = badge ? badge.textContent.trim() : humanise(value);
    });
    var yearList = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    var byName = function (a, b) { return a[1].localeCompare(b[1]); };

    var form = element("form", { class: "dossier-filters__form", "aria-label": "Filter the timeline" });
    form.appendChild(element("p", { class: "dossier-filters__title" }, "Filter the timeline"));
    var selects = {
      topic: field(form, "topic", "Topic", [["", "All topics"]].concat(
        Object.keys(topicIds).map(function (t) { return [t, topics[t] || humanise(t)]; }).sort(byName))),
      kind: field(form, "kind", "Entity kind", [["", "Any kind"]].concat(
        Object.keys(kindIds).map(function (k) { return [k, humanise(k)]; }).sort(byName))),
      verification: field(form, "verification", "Verification", [["", "Any verification"]].concat(
        Object.keys(verifications).map(function (v) { return [v, verifications[v]]; }).sort(byName))),
      origin: field(form, "origin", "Origin", [["", "Any origin"]].concat(ORIGINS)),
      from: field(form, "from", "From year", [["", "Earliest"]].concat(
        yearList.map(function (y) { return [String(y), String(y)]; }))),
      to: field(form, "to", "To year", [["", "Latest"]].concat(
        yearList.map(function (y) { return [String(y), String(y)]; }))),
    };
    var reset = element("button", { type: "reset", class: "md-button dossier-filters__reset" }, "Show all");
    form.appendChild(reset);
    var status = element("p", { class: "dossier-filters__count", role: "status", "aria-live": "polite" });
    form.appendChild(status);
    placeholder.appendChild(form);
    placeholder.hidden = false;

    var groups = sections(content);
    var toc = document.querySelector(".md-sidebar--secondary");

    function chosen() {
      var out = {};
      PARAMS.forEach(function (name) { out[name] = selects[name].value; });
      return out;
    }

    function apply(values) {
      var from = values.from ? Number(values.from) : null;
      var to = values.to ? Number(values.to) : null;
      var shown = 0;
      facts.forEach(function (fact) {
        var year = fact.dataset.year ? Number(fact.dataset.year) : null;
        var ok = (!values.topic || words(fact.dataset.topics).indexOf(values.topic) >= 0)
          && (!values.kind || words(fact.dataset.kinds).indexOf(values.kind) >= 0)
          && (!values.verification || fact.dataset.verification === values.verification)
          && (!values.origin || fact.dataset.origin === values.origin)
          && ((from === null && to === null)
              || (year !== null && (from === null || year >= from) && (to === null || year <= to)));
        fact.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        var empty = group.facts.every(function (fact) { return fact.hidden; });
        group.heading.hidden = empty;
        group.others.forEach(function (el) { el.hidden = empty; });
        var link = toc && toc.querySelector('a[href="#' + group.heading.id + '"]');
        if (link && link.parentElement) link.parentElement.hidden = empty;
      });
      var filtered = PARAMS.some(function (name) { return values[name]; });
      if (from !== null && to !== null && from > to) {
        // Say why nothing shows instead of a silent "0 of N".
        status.textContent = "No fact can match: \u201cFrom year\u201d (" + from +
          ") is after \u201cTo year\u201d (" + to + "). Swap them or choose another year.";
      } else if (filtered && !shown) {
        status.textContent = "No fact matches these filters. Choose fewer, or \u201cShow all\u201d.";
      } else {
        status.textContent = filtered
          ? "Showing " + shown + " of " + facts.length + " facts."
          : "Showing all " + facts.length + " facts.";
      }
      reset.disabled = !filtered;
    }

    function toURL(values) {
      var url = new URL(window.location.href);
      PARAMS.forEach(function (name) { url.searchParams.delete(name); });
      PARAMS.forEach(function (name) {  // always in the same order: one URL per view
        if (values[name]) url.searchParams.append(name, values[name]);
      });
      if (url.href !== window.location.href) {
        history.replaceState(history.state, "", url.href);
      }
    }

    function fromURL() {
      var params = new URL(window.location.href).searchParams;
      PARAMS.forEach(function (name) {
        var value = params.get(name) || "";
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

  function init() {
    document.querySelectorAll("[data-dossier-filters]").forEach(setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material: every page, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
