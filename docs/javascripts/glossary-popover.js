// Tap to define. On touch or pen, and with Enter, a glossary link (hooks/studykit/linker.py:
// <a class="glossary-term" href="…/glossary/#id" title="short definition">) opens a small
// non-modal dialog with the definition and a link to the full entry, instead of leaving the
// page. A mouse click still follows the link; hovering shows the title as the browser's tooltip.
//
// Material's instant navigation takes clicks at document.body without checking
// defaultPrevented: a click that defines stops propagating before it gets there.
// The popover lives in <body>, which instant navigation keeps; mount() runs on every page view
// and closes what belonged to the previous page.
import { clickAction, placePopover } from "./core/popover.js";
import { el } from "./dom.js";

const LINK = "a.glossary-term";
const ID = "sg-glossary-popover";

const mounted = new WeakSet();
let popover = null; // {node, term, definition, more}, made on first use
let trigger = null; // the link the popover is open for
let lastPointerType = "";

export function mount(root) {
  close(false);
  if (mounted.has(root)) return;
  mounted.add(root);
  const links = root.querySelectorAll(LINK);
  for (const link of links) link.setAttribute("aria-expanded", "false");
  if (links.length) root.addEventListener("click", onLinkClick);
  listenToDocument();
}

function onLinkClick(event) {
  const link = event.target.closest(LINK);
  if (!link || clickAction(event, lastPointerType) !== "define") return;
  event.preventDefault();
  event.stopPropagation(); // see above: instant navigation would follow it anyway
  if (link === trigger) close(true);
  else open(link);
}

function open(link) {
  close(false);
  const { node, term, definition, more } = popover || (popover = createPopover());
  const name = link.textContent.trim();
  term.textContent = name;
  definition.textContent = link.getAttribute("title") || "";
  more.href = link.href;
  more.textContent = `Full entry: ${name}`;

  trigger = link;
  link.setAttribute("aria-expanded", "true");
  link.setAttribute("aria-controls", ID);
  node.hidden = false;
  position();
  window.addEventListener("resize", position);
  // Focus in the dialog: a screen reader reads its name (the term) and description (the
  // definition); Tab reaches the full entry.
  node.focus({ preventScroll: true });
}

// Close the popover; with restoreFocus, focus goes back to its link (Escape, the close button).
// A tap elsewhere leaves focus where the tap put it.
function close(restoreFocus) {
  if (!trigger) return;
  const link = trigger;
  trigger = null;
  link.setAttribute("aria-expanded", "false");
  link.removeAttribute("aria-controls");
  window.removeEventListener("resize", position);
  if (restoreFocus && link.isConnected) link.focus({ preventScroll: true });
  popover.node.hidden = true;
}

function position() {
  const { node } = popover;
  node.style.left = "0px";
  node.style.top = "0px";
  // Where left/top 0 puts it: the origin of its containing block, in viewport coordinates.
  const origin = node.getBoundingClientRect();
  const lines = Array.from(trigger.getClientRects());
  const header = document.querySelector(".md-header");
  const viewport = {
    width: document.documentElement.clientWidth,
    height: document.documentElement.clientHeight,
    top: header ? Math.max(0, header.getBoundingClientRect().bottom) : 0,
  };
  const size = { width: origin.width, height: origin.height };
  const place = placePopover(lines.length ? lines : [trigger.getBoundingClientRect()], size, viewport);
  node.style.left = `${place.left - origin.left}px`;
  node.style.top = `${place.top - origin.top}px`;
  node.style.setProperty("--sg-popover-arrow-x", `${place.arrowX}px`);
  node.dataset.placement = place.placement;
}

function createPopover() {
  const term = el("p", { class: "sg-glossary-popover__term", id: `${ID}-term` });
  const definition = el("p", { class: "sg-glossary-popover__definition", id: `${ID}-definition` });
  const more = el("a", { class: "sg-glossary-popover__more" });
  const closeButton = el("button", {
    type: "button", class: "sg-glossary-popover__close", "aria-label": "Close definition",
  }, ["×"]);
  const node = el("div", {
    class: "sg-glossary-popover", id: ID, role: "dialog", tabindex: "-1", hidden: true,
    "aria-labelledby": term.id, "aria-describedby": definition.id,
  }, [term, definition, el("p", {}, [more]), closeButton]);

  closeButton.addEventListener("click", () => close(true));
  // Following the full entry: Material navigates (the click goes on to document.body).
  more.addEventListener("click", () => close(false));
  node.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const active = document.activeElement;
    if (event.shiftKey && (active === node || active === more)) {
      // Back out of the popover: onto its link.
      event.preventDefault();
      close(true);
    } else if (!event.shiftKey && active === closeButton) {
      // Forward out of it: focus goes to the link, and the browser's Tab on from there.
      close(true);
    }
  });
  node.addEventListener("focusout", (event) => {
    const to = event.relatedTarget;
    if (to && to !== trigger && !node.contains(to)) close(false);
  });
  document.body.append(node);
  return { node, term, definition, more };
}

let listening = false;
function listenToDocument() {
  if (listening) return;
  listening = true;
  document.addEventListener("pointerover", (event) => { lastPointerType = event.pointerType; }, true);
  document.addEventListener("pointerdown", (event) => {
    lastPointerType = event.pointerType;
    if (trigger && !popover.node.contains(event.target) && !trigger.contains(event.target)) close(false);
  }, true);
  document.addEventListener("keydown", (event) => {
    if (trigger && event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  });
}
