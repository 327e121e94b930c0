/* The search box. The page holds a plain input (hidden until this script runs); Pagefind's
   UI (about 120 KB of script and style) is fetched on first use, when the reader focuses,
   clicks or types in the box, then mounted in #search in its place, keeping what was typed
   and the focus. Pagefind picks the index for the page's <html lang>, so an Arabic page
   searches the Arabic editions. Opened from disk (no server, no index), the box stays hidden.
   The index is one bundle per month: the newest in pagefind/, the older ones listed in
   months.json there (an empty list on a one-month site), merged in with Pagefind's
   mergeIndex. Every URL is taken from this script's data-pagefind attribute, so the site
   works under any sub-path. */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  var script = document.currentScript || document.querySelector("script[data-pagefind]");
  var input = mount && mount.querySelector("input");
  if (!input || !script || location.protocol === "file:" || !window.fetch || !window.URL ||
      !window.Promise) { return; }
  var main = new URL(script.getAttribute("data-pagefind") || "pagefind/", document.baseURI);
  // Result links are relative to the site's root, which holds the main bundle.
  var root = new URL("..", main).pathname;
  var started = false;

  function load(element) {
    return new Promise(function (resolve, reject) {
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function assets() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", main).href;
    var js = document.createElement("script");
    js.src = new URL("pagefind-ui.js", main).href;
    return Promise.all([load(css), load(js)]);
  }

  function months() {
    return window.fetch(new URL("months.json", main).href, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
      .catch(function () { return { bundles: [] }; })
      .then(function (manifest) {
        var bundles = manifest && Array.isArray(manifest.bundles) ? manifest.bundles : [];
        return bundles.map(function (path) {
          return { bundlePath: new URL(path, main).href, baseUrl: root };
        });
      });
  }

  function mountUI(merged) {
    var label = mount.getAttribute("data-label") || "";
    var query = input.value;
    var focused = document.activeElement === input;
    input.remove();
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: main.href,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      mergeIndex: merged,
      translations: { placeholder: label }
    });
    var box = mount.querySelector("input");
    if (box) {
      if (!box.getAttribute("aria-label")) { box.setAttribute("aria-label", label); }
      if (focused) { box.focus(); }
    }
    if (query) { ui.triggerSearch(query); }
  }

  function start() {
    if (started) { return; }
    started = true;
    input.setAttribute("aria-busy", "true");
    Promise.all([assets(), months()])
      .then(function (loaded) {
        if (typeof window.PagefindUI !== "function") { throw new Error("no PagefindUI"); }
        mountUI(loaded[1]);
      })
      .catch(function () {
        // No index here (a build without search, a network error): leave the plain box.
        input.removeAttribute("aria-busy");
      });
  }

  input.hidden = false;
  input.addEventListener("focus", start);
  input.addEventListener("pointerdown", start);
  input.addEventListener("input", start);
}());
