import { test } from "node:test";
import assert from "node:assert/strict";
import { clickAction, placePopover } from "../../docs/javascripts/core/popover.js";

const click = (fields) => ({ button: 0, detail: 1, pointerType: "", ...fields });

test("a tap or a pen opens the definition; a mouse click follows the link", () => {
  assert.equal(clickAction(click({ pointerType: "touch" })), "define");
  assert.equal(clickAction(click({ pointerType: "pen" })), "define");
  assert.equal(clickAction(click({ pointerType: "mouse" })), "follow");
  assert.equal(clickAction(click({})), "follow");
});

test("without pointerType on the click (Safari), the pointerdown's type decides", () => {
  assert.equal(clickAction(click({}), "touch"), "define");
  assert.equal(clickAction(click({}), "mouse"), "follow");
  // The click's own type wins over an older pointerdown.
  assert.equal(clickAction(click({ pointerType: "mouse" }), "touch"), "follow");
});

test("Enter on a focused link (a click no pointer pressed) opens the definition", () => {
  assert.equal(clickAction(click({ detail: 0 })), "define");
  // Even just after a tap elsewhere: the keyboard did this one.
  assert.equal(clickAction(click({ detail: 0 }), "mouse"), "define");
});

test("modifier keys and other buttons keep the link's meaning", () => {
  for (const fields of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
    assert.equal(clickAction(click({ pointerType: "touch", ...fields })), "follow", JSON.stringify(fields));
    assert.equal(clickAction(click({ detail: 0, ...fields })), "follow", JSON.stringify(fields));
  }
});

const phone = { width: 320, height: 640, top: 48 };
const size = { width: 304, height: 120 };
// One line box of a link: [{left, right, top, bottom}].
const link = (left, right, top = 300) => [{ left, right, top, bottom: top + 20 }];

test("below the link, centred when there is room", () => {
  const wide = { width: 1280, height: 800, top: 48 };
  assert.deepEqual(placePopover(link(500, 600), { width: 320, height: 120 }, wide),
    { left: 390, top: 328, placement: "below", arrowX: 160 });
});

test("at 320 px the popover keeps 8 px from both edges whatever the link's position", () => {
  assert.deepEqual(placePopover(link(0, 40), size, phone), { left: 8, top: 328, placement: "below", arrowX: 16 });
  assert.deepEqual(placePopover(link(280, 318), size, phone), { left: 8, top: 328, placement: "below", arrowX: 288 });
  const narrower = { width: 200, height: 80 };
  assert.equal(placePopover(link(290, 318), narrower, phone).left, 112); // 320 - 8 - 200
  assert.equal(placePopover(link(0, 20), narrower, phone).left, 8);
  for (let x = 0; x < 320; x += 7) {
    const { left } = placePopover(link(x, x + 30), size, phone);
    assert.ok(left >= 8 && left + size.width <= 312, `link at ${x}: left ${left}`);
  }
});

test("above the link when it does not fit below and there is more room above", () => {
  assert.deepEqual(placePopover(link(100, 160, 560), size, phone),
    { left: 8, top: 432, placement: "above", arrowX: 122 }); // 560 - 8 - 120
});

test("stays below when it fits neither side; the sticky header counts as no room", () => {
  // 122 px below, 154 px above the header: fits neither, below.
  assert.equal(placePopover(link(100, 160, 210), { width: 304, height: 400 }, { ...phone, height: 368 }).placement, "below");
  // Room above only if the sticky header is ignored: below.
  assert.equal(placePopover(link(100, 160, 170), { width: 304, height: 120 }, { ...phone, height: 300 }).placement, "below");
  assert.equal(placePopover(link(100, 160, 170), { width: 304, height: 120 }, { ...phone, height: 300, top: 0 }).placement, "above");
});

test("a term that wraps: below its last line, or above its first", () => {
  const wrapped = [{ left: 280, right: 318, top: 300, bottom: 320 }, { left: 16, right: 60, top: 326, bottom: 346 }];
  assert.deepEqual(placePopover(wrapped, { width: 200, height: 80 }, phone),
    { left: 8, top: 354, placement: "below", arrowX: 30 });
  const low = wrapped.map((line) => ({ ...line, top: line.top + 250, bottom: line.bottom + 250 }));
  assert.deepEqual(placePopover(low, { width: 200, height: 80 }, phone),
    { left: 112, top: 462, placement: "above", arrowX: 184 }); // top 550 - 8 - 80; arrow 299 - 112, off the corner
});

test("a popover wider than the room is pinned to the left margin", () => {
  assert.equal(placePopover(link(100, 160), { width: 400, height: 100 }, phone).left, 8);
});
