// Accessibility fixes that need the rendered page.
// Task-list checkboxes (pymdownx.tasklist) have no label: name each after its item text.
// document$ is Material's observable; it fires on first load and after every instant navigation.
document$.subscribe(function () {
  document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])").forEach(function (box) {
    var item = box.closest(".task-list-item");
    box.setAttribute("aria-label", item ? item.textContent.trim() : "Task");
  });
});

// GLightbox (mkdocs-glightbox) adds its dialog to <body> without an accessible name: give it one.
new MutationObserver(function () {
  var dialog = document.getElementById("glightbox-body");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Enlarged diagram");
}).observe(document.body, { childList: true });

// A region that scrolls sideways must take the keyboard's focus, or a keyboard (on a tablet or
// a phone, too) cannot scroll it (axe: scrollable-region-focusable, serious). On a phone that is
// a code block, a wide table or a row of content tabs. Material makes a scrolling code block
// focusable on devices that hover only, and takes its tabindex away again on touch screens.
var CODE_BLOCKS = ".md-typeset pre > code";
var SCROLLERS = CODE_BLOCKS + ", .md-typeset .md-typeset__scrollwrap, .md-typeset .tabbed-labels";

function focusableWhileScrolling(el) {
  var scrolls = el.scrollWidth > el.clientWidth;
  if (scrolls && !el.hasAttribute("tabindex")) {
    el.setAttribute("tabindex", "0");
    el.setAttribute("data-sg-scroll-focus", "");
  } else if (!scrolls && el.hasAttribute("data-sg-scroll-focus")) {  // only what we added
    el.removeAttribute("tabindex");
    el.removeAttribute("data-sg-scroll-focus");
  }
}

function checkScrollers() {
  document.querySelectorAll(SCROLLERS).forEach(focusableWhileScrolling);
}

// Material wraps each code block's copy button in a <nav>: dozens of unnamed navigation
// landmarks a page (axe: landmark-unique). A button is not navigation.
function copyButtonsAreNotLandmarks() {
  document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
    nav.setAttribute("role", "none");
  });
}

document$.subscribe(function () {
  copyButtonsAreNotLandmarks();
  checkScrollers();
  document.querySelectorAll(CODE_BLOCKS).forEach(function (code) {
    new MutationObserver(function () { focusableWhileScrolling(code); })
      .observe(code, { attributes: true, attributeFilter: ["tabindex"] });
  });
});
// Turning the phone, or a wider window, changes what scrolls.
window.addEventListener("resize", checkScrollers);
