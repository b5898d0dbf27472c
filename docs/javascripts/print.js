// Printing: every collapsible block prints open, in every browser (study-tools.css does the same
// for Chromium through ::details-content); every link that leaves the page prints its address;
// the printable edition gets a "Print" button.
(function () {
  "use strict";

  var opened = [];
  window.addEventListener("beforeprint", function () {
    markLinks();
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  // Put the page back as the reader left it.
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  // Material makes same-origin hrefs absolute, so CSS alone cannot tell a link to another page
  // from one within the page: mark the links whose address is worth printing. Only when the page
  // is printed (or shown as print): on the glossary page, marking its 5,000 links at load took
  // 0.3 s of main-thread time in Lighthouse's phone model.
  function markLinks() {
    var here = location.origin + location.pathname;
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var url = new URL(link.href, location.href);
      var inPage = url.origin + url.pathname === here;
      // Glossary terms and image zoom links are aids on screen, noise on paper.
      if (inPage || !/^https?:$/.test(url.protocol) || link.matches(".glightbox, .glossary-term")) return;
      link.setAttribute("data-sg-print-url", url.href);
    });
  }

  // Print preview (and a print-media emulation) switches the media without beforeprint in some
  // browsers.
  window.matchMedia("print").addEventListener("change", function (query) {
    if (query.matches) markLinks();
  });

  function bind() {
    document.querySelectorAll("[data-sg-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
      button.parentElement.hidden = false;
    });
  }

  document$.subscribe(bind);
})();
