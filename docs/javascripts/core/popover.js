// Pure logic of the tap-to-define popover of glossary links: which clicks open it instead of
// following the link, and where it goes so that it stays inside the viewport. No DOM here: the
// adapter (glossary-popover.js) measures and passes plain numbers, in CSS pixels.

// "define" (open the popover) or "follow" (navigate, as any link does) for one click.
// `click` carries the MouseEvent/PointerEvent fields read here; `lastPointerType` is the type of
// the pointerdown that started it, for browsers whose click has no pointerType (Safari).
export function clickAction(click, lastPointerType = "") {
  // Opening in a new tab or window, or a middle click, keeps its meaning.
  if (click.button > 0 || click.ctrlKey || click.metaKey || click.shiftKey || click.altKey) return "follow";
  // detail 0: no pointer pressed it. Enter on a focused link, or a screen reader's activation.
  if (!click.detail) return "define";
  const type = click.pointerType || lastPointerType;
  // A mouse has the hover tooltip already; touch and pen never see it.
  return type === "touch" || type === "pen" ? "define" : "follow";
}

// Where the popover goes, in viewport coordinates.
//   lines:    the link's line boxes, [{left, right, top, bottom}, ...] (a term can wrap)
//   size:     {width, height} of the popover
//   viewport: {width, height, top}; top is what a sticky header covers
// Returns {left, top, placement: "below" | "above", arrowX}: below the link's last line unless
// it fits only above the first (when it fits neither, below: a reader can scroll down to it,
// not always up); centred on that line and moved sideways to keep `margin` from both edges;
// arrowX is where the line's centre falls on the popover, kept off its rounded corners.
export function placePopover(lines, size, viewport, { margin = 8, gap = 8, arrowInset = 16 } = {}) {
  const first = lines[0];
  const last = lines[lines.length - 1];
  const spaceBelow = viewport.height - margin - (last.bottom + gap);
  const spaceAbove = first.top - gap - Math.max(margin, viewport.top || 0);
  const placement = size.height <= spaceBelow || size.height > spaceAbove ? "below" : "above";
  const anchor = placement === "below" ? last : first;
  const top = placement === "below" ? anchor.bottom + gap : anchor.top - gap - size.height;

  const centre = (anchor.left + anchor.right) / 2;
  const maxLeft = viewport.width - margin - size.width;
  // Wider than the room between the margins (the stylesheet prevents it): pin to the left one.
  const left = maxLeft < margin ? margin : clamp(centre - size.width / 2, margin, maxLeft);
  const arrowX = clamp(centre - left, arrowInset, Math.max(arrowInset, size.width - arrowInset));
  return { left, top, placement, arrowX };
}

function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}
