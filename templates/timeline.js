// Opens every change (and prints them all) with one button; the cards work without this.
(function () {
  "use strict";
  var button = document.querySelector(".st-expand-all");
  var all = function () { return document.querySelectorAll("details"); };
  if (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      all().forEach(function (d) { d.open = open; });
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? "Hide all changes" : "Show all changes";
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    all().forEach(function (d) { if (!d.open) { opened.push(d); d.open = true; } });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
  });
})();
