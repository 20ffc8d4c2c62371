/* Opened from file:// (a USB key, an unzipped copy), the theme's search cannot start: its
   worker is refused. Send the search button to the portal's own search page instead. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (window.location.protocol !== "file:" || !script) { return; }
  var page = script.getAttribute("data-search-page");
  document.querySelectorAll('label[for="__search"]').forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.href = page;
    });
  });
  var form = document.querySelector(".md-search__form");
  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var input = form.querySelector("input");
    if (input) {
      input.addEventListener("focus", function () { window.location.href = page; });
    }
  }
})();
