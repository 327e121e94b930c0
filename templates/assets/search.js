/* Mounts Pagefind's search box in #search. Pagefind picks the index for the page's
   <html lang>, so an Arabic page searches the Arabic editions. Without the index (a page
   opened from disk), the box simply does not appear. */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") { return; }
  new window.PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: mount.getAttribute("data-label") || "" }
  });
  var input = mount.querySelector("input");
  if (input && !input.getAttribute("aria-label")) {
    input.setAttribute("aria-label", mount.getAttribute("data-label") || "");
  }
}());
