/* Mounts Pagefind's search box in #search. Pagefind picks the index for the page's
   <html lang>, so an Arabic page searches the Arabic editions. Without the index (a page
   opened from disk), the box simply does not appear.
   The index is one bundle per month: the newest beside pagefind-ui.js, the older ones
   listed in months.json there (an empty list on a one-month site), merged in with Pagefind's
   mergeIndex. Their URLs are taken from the script's own URL, so the site works under any
   sub-path. */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") { return; }
  var script = document.querySelector('script[src$="pagefind-ui.js"]');

  function start(merged) {
    new window.PagefindUI({
      element: "#search",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      mergeIndex: merged,
      translations: { placeholder: mount.getAttribute("data-label") || "" }
    });
    var input = mount.querySelector("input");
    if (input && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", mount.getAttribute("data-label") || "");
    }
  }

  if (!script || !window.fetch || !window.URL) { start([]); return; }
  var main = new URL(".", script.src);
  // Result links are relative to the site's root, which holds the main bundle.
  var root = new URL("..", main).pathname;
  window.fetch(new URL("months.json", main).href, { cache: "no-cache" })
    .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
    .catch(function () { return { bundles: [] }; })
    .then(function (manifest) {
      var bundles = manifest && Array.isArray(manifest.bundles) ? manifest.bundles : [];
      start(bundles.map(function (path) {
        return { bundlePath: new URL(path, main).href, baseUrl: root };
      }));
    });
}());
