/*
 * Offline copy only (added by `dossier publish`, see dossier/publish/offline.py).
 *
 * Material's search runs in a Web Worker, and Chromium refuses to start a worker from a page
 * opened from disk (file://). This stand-in runs the same worker script in a hidden iframe of
 * the page's own origin and passes the messages both ways. It loads nothing from anywhere
 * else: the worker script and the search index (search/search_index.js) are files of the copy.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function FrameWorker(url) {
    var target = new EventTarget();
    var frame = document.createElement("iframe");
    var self = this;
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "Search (offline)";
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;
    var href = new URL(url, document.baseURI).href;

    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);

    // What the worker script sees as its global postMessage/importScripts.
    scope.postMessage = function (data) {
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data });
        target.dispatchEvent(event);
        if (typeof self.onmessage === "function") self.onmessage(event);
      });
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = scope.document.createElement("script");
            script.src = new URL(src, href).href;
            script.onload = resolve;
            script.onerror = reject;
            scope.document.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };

    this.ready = new Promise(function (resolve, reject) {
      var script = scope.document.createElement("script");
      script.src = href;
      script.onload = resolve;
      script.onerror = function () {
        var event = new ErrorEvent("error", { message: "cannot load " + href, filename: href });
        target.dispatchEvent(event);
        if (typeof self.onerror === "function") self.onerror(event);
        reject(event);
      };
      scope.document.body.appendChild(script);
    });

    this.postMessage = function (data) {
      self.ready.then(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
      }, function () {});
    };
    this.terminate = function () {
      frame.remove();
    };
  }

  window.Worker = FrameWorker;
  // Material's search worker looks for this name to find its language files next to itself.
  window.IFrameWorker = FrameWorker;
})();
