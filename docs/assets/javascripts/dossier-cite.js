/*
 * "Cite this" and copy-link, as progressive enhancement (dossier/citebox.py writes the HTML).
 *
 * Without JavaScript: every page has a <details id="dossier-cite"> with its citation in five
 * formats, and each paragraph's or fact's "Cite" link leads there. With it:
 *  - each "Cite" link becomes a button opening a dialog with that anchor's own citation, read
 *    from the page's hidden JSON blob (.dossier-cite-data) — formatted at build time;
 *  - each citation <pre> gets a "Copy" button, each ¶ permalink a copy-link button.
 * Runs on every page view, including Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var LINK_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1M8 13h8v-2H8zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4a5 5 0 0 0 0-10"/></svg>';
  var status = null;

  function announce(text) {
    if (!status || !document.body.contains(status)) {
      status = document.createElement("div");
      status.className = "dossier-sr-only";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  /* Copy text (and, for APA/Chicago, the formatted HTML so italics survive a paste). */
  function copy(text, html) {
    if (navigator.clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem) {
        var item = new ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" })
        });
        return navigator.clipboard.write([item]).catch(function () {
          return navigator.clipboard.writeText(text);
        });
      }
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function copied(button, what) {
    button.setAttribute("data-copied", "");
    announce(what + " copied");
    window.setTimeout(function () { button.removeAttribute("data-copied"); }, 1500);
  }

  function copyButton(pre, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "dossier-button dossier-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + label);
    button.addEventListener("click", function () {
      var rich = /^(apa|chicago)$/.test(pre.getAttribute("data-cite-format") || "");
      /* the <pre> drops the final newline of BibTeX, RIS and CSL-JSON; the files keep it */
      copy(rich ? pre.textContent : pre.textContent + "\n", rich ? pre.innerHTML : null).then(function () {
        button.textContent = "Copied";
        copied(button, label);
        window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }, function () { announce("Copying failed: select the text instead"); });
    });
    return button;
  }

  function addCopyButtons(root) {
    root.querySelectorAll("pre.dossier-cite__text").forEach(function (pre) {
      var label = pre.parentNode.querySelector(".dossier-cite__label");
      if (!label || label.querySelector(".dossier-copy")) return;
      var named = label.querySelector(".dossier-cite__name");
      var name = named ? named.textContent.trim() : "this";
      label.appendChild(copyButton(pre, name + " citation"));
    });
  }

  /* ---------------------------------------------------------------- copy link */

  function canonicalBase() {
    var link = document.querySelector('link[rel="canonical"]');
    return link ? link.href : window.location.href.split("#")[0];
  }

  /* A release's pages name their snapshot (citation_public_url, dossier/cite/metadata.py) and
   * the current page (og:url): "Copy link" then offers both. Otherwise: the canonical URL. */
  function metaContent(name, attr) {
    var meta = document.querySelector("meta[" + (attr || "name") + '="' + name + '"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function linkBases() {
    var pinned = metaContent("dossier:version-url");
    var latest = metaContent("dossier:latest-url") || canonicalBase().split("#")[0];
    return { version: pinned, latest: latest };
  }

  function closeLinkMenus() {
    document.querySelectorAll(".dossier-linkmenu").forEach(function (m) { m.remove(); });
  }

  function linkMenu(button, urls) {
    closeLinkMenus();
    var menu = document.createElement("span");
    menu.className = "dossier-linkmenu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "Copy link");
    [["this version", urls.version], ["always the latest", urls.latest]].forEach(function (choice) {
      var item = document.createElement("button");
      item.type = "button";
      item.className = "dossier-button dossier-linkmenu__item";
      item.textContent = "Copy link: " + choice[0];
      item.setAttribute("data-url", choice[1]);
      item.addEventListener("click", function () {
        copy(choice[1]).then(function () { copied(button, "Link to " + choice[0]); closeLinkMenus(); },
          function () { announce("Copying failed"); });
      });
      menu.appendChild(item);
    });
    button.insertAdjacentElement("afterend", menu);
    menu.querySelector("button").focus();
  }

  function addCopyLinks(content) {
    content.querySelectorAll("a.headerlink").forEach(function (anchor) {
      var next = anchor.nextElementSibling;
      if (next && next.classList.contains("dossier-copylink")) return;
      var holder = anchor.parentElement;
      var what = "section";
      if (holder.tagName === "H1") what = "page";
      else if (/^p-/.test(holder.id || "")) what = "paragraph";
      else if (anchor.closest("article.dossier-fact")) what = "fact";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dossier-copylink";
      button.setAttribute("aria-label", "Copy link to this " + what);
      button.title = "Copy link to this " + what;
      button.innerHTML = LINK_ICON;
      button.addEventListener("click", function () {
        var bases = linkBases();
        /* only the fragment: Material may have made the href absolute to the local host */
        var hash = what === "page" ? "" : new URL(anchor.href, window.location.href).hash;
        if (bases.version) {
          linkMenu(button, { version: bases.version + hash, latest: bases.latest + hash });
          return;
        }
        copy(bases.latest + hash).then(function () { copied(button, "Link"); },
          function () { announce("Copying failed"); });
      });
      anchor.insertAdjacentElement("afterend", button);
    });
  }

  /* ---------------------------------------------------------------- formats */
  /* Mirrors of bibtex(), ris() and csl_json() in dossier/citation.py (tests compare them):
   * the page ships each anchor's CSL item, citeproc's APA and Chicago text, nothing more. */

  var TEX = { "\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
  function tex(value) {
    return value.replace(/[\\~^&%$#_{}]/g, function (c) { return TEX[c] || "\\" + c; });
  }

  function issued(item) {
    var parts = (item.issued && item.issued["date-parts"] && item.issued["date-parts"][0]) || [];
    return parts.map(function (p, i) { return i ? String(p).padStart(2, "0") : String(p); }).join("-");
  }

  function versionNote(item) {
    var when = issued(item);
    return "Version " + item.version + (when ? " of " + when : "");
  }

  function bibtex(item) {
    var fields = [["author", "{" + tex(item.author[0].literal) + "}"], ["title", tex(item.title)],
      ["howpublished", tex(item["container-title"])]];
    var when = issued(item);
    if (when) fields.push(["year", when.slice(0, 4)], ["date", when]);
    var note = [item.genre, versionNote(item), item.note].filter(Boolean).join("; ");
    fields.push(["version", tex(item.version)], ["url", item.URL], ["note", tex(note)],
      ["language", tex(item.language)]);
    var body = fields.map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n");
    return "@" + (item.type === "dataset" ? "dataset" : "misc") + "{" + item.id + ",\n" + body + "\n}\n";
  }

  function ris(item) {
    var tags = [["TY", item.type === "dataset" ? "DATA" : "ENCYC"], ["AU", item.author[0].literal],
      ["TI", item.title], ["T2", item["container-title"]]];
    var when = issued(item);
    if (when) tags.push(["PY", when.slice(0, 4)], ["DA", when.replace(/-/g, "/")]);
    tags.push(["ET", item.version], ["UR", item.URL], ["LA", item.language], ["ID", item.id]);
    if (item.genre) tags.push(["M3", item.genre]);
    tags.push(["N1", versionNote(item)]);
    if (item.note) tags.push(["N1", item.note]);
    tags.push(["ER", ""]);
    return tags.map(function (t) { return (t[0] + "  - " + t[1]).replace(/\s+$/, "") + "\n"; }).join("");
  }

  function formats(entry) {
    return { apa: entry.apa, chicago: entry.chicago, bibtex: bibtex(entry.csl), ris: ris(entry.csl),
      csl: JSON.stringify([entry.csl], null, 2) + "\n" };
  }

  /* ---------------------------------------------------------------- dialog */

  function citeData(content) {
    var holder = content.querySelector(".dossier-cite-data");
    if (!holder) return null;
    try { return JSON.parse(holder.textContent); } catch (e) { return null; }
  }

  function download(text, name, type) {
    var a = document.createElement("a");
    a.className = "dossier-cite__download";
    a.download = name;
    a.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    a.textContent = "download " + name.slice(name.lastIndexOf("."));
    return a;
  }

  function linkTo(url) {
    var link = document.createElement("a");
    link.href = url;
    link.textContent = url;
    return link;
  }

  function openDialog(data, anchor, opener) {
    var entry = data.items[anchor];
    if (!entry) return;
    var item = formats(entry);
    var key = entry.csl.id, url = entry.csl.URL;
    var old = document.querySelector("dialog.dossier-cite-dialog");
    if (old) old.remove();
    var dialog = document.createElement("dialog");
    dialog.className = "dossier-cite-dialog";
    dialog.setAttribute("aria-labelledby", "dossier-cite-dialog-title");
    var body = document.createElement("div");
    body.className = "md-typeset";
    var head = document.createElement("div");
    head.className = "dossier-cite-dialog__head";
    var title = document.createElement("p");
    title.className = "dossier-cite-dialog__title";
    title.id = "dossier-cite-dialog-title";
    title.textContent = "Cite this " + entry.noun;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "dossier-button";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(title);
    head.appendChild(close);
    body.appendChild(head);
    var pin = document.createElement("p");
    pin.className = "dossier-cite__pin";
    pin.appendChild(document.createTextNode("Version "));
    var code = document.createElement("code");
    code.textContent = data.version;
    pin.appendChild(code);
    pin.appendChild(document.createTextNode((data.date ? " of " + data.date : "") + " · this version: "));
    pin.appendChild(linkTo(url));
    if (entry.latest) {
      pin.appendChild(document.createTextNode(" · always the latest: "));
      pin.appendChild(linkTo(entry.latest));
    } else {
      pin.appendChild(document.createTextNode(" (not a release: this link shows the current text, which may change)"));
    }
    body.appendChild(pin);
    Object.keys(data.formats).forEach(function (fmt) {
      var box = document.createElement("div");
      box.className = "dossier-cite__format";
      var label = document.createElement("p");
      label.className = "dossier-cite__label";
      var name = document.createElement("span");
      name.className = "dossier-cite__name";
      name.textContent = data.formats[fmt];
      label.appendChild(name);
      var pre = document.createElement("pre");
      pre.className = "dossier-cite__text";
      pre.setAttribute("data-cite-format", fmt);
      if (fmt === "apa" || fmt === "chicago") pre.innerHTML = item[fmt]; /* built by citeproc, escaped */
      else pre.textContent = item[fmt].replace(/\n$/, "");
      if (data.files[fmt]) {
        label.appendChild(document.createTextNode(" "));
        label.appendChild(download(item[fmt], key + data.files[fmt][0], data.files[fmt][1]));
      }
      box.appendChild(label);
      box.appendChild(pre);
      body.appendChild(box);
    });
    dialog.appendChild(body);
    addCopyButtons(dialog);
    dialog.addEventListener("close", function () {
      dialog.querySelectorAll("a[download]").forEach(function (a) { URL.revokeObjectURL(a.href); });
      dialog.remove();
      if (opener && document.body.contains(opener)) opener.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); /* click on the backdrop */
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    close.focus();
  }

  function upgradeCiteLinks(content, data) {
    if (!data) return;
    content.querySelectorAll("a.dossier-cite-link[data-cite]").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.textContent = link.textContent;
      button.setAttribute("data-cite", link.getAttribute("data-cite"));
      button.setAttribute("aria-label", link.getAttribute("aria-label") || "Cite");
      button.setAttribute("aria-haspopup", "dialog");
      button.title = link.title;
      button.addEventListener("click", function () {
        openDialog(data, button.getAttribute("data-cite"), button);
      });
      link.replaceWith(button);
    });
  }

  function init() {
    var content = document.querySelector(".md-content") || document.body;
    upgradeCiteLinks(content, citeData(content));
    addCopyButtons(content);
    addCopyLinks(content);
  }

  window.dossierCite = { bibtex: bibtex, ris: ris, formats: formats }; /* for tests */

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* every page view under instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
