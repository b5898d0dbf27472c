import { test } from "node:test";
import assert from "node:assert/strict";
import { FOLLOW_SYSTEM, bodyColours, nextIndex, startIndex } from "../../docs/javascripts/core/palette.js";

// The three options of mkdocs.yml, as the header's inputs carry them.
const OPTIONS = [
  { media: FOLLOW_SYSTEM, scheme: "default", primary: "indigo", accent: "indigo" },
  { media: "(prefers-color-scheme: light)", scheme: "default", primary: "indigo", accent: "indigo" },
  { media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo", accent: "light-blue" },
];

test("the stored option comes first; nothing stored, or garbage, gives the first option", () => {
  assert.equal(startIndex({ index: 2, color: {} }, 3), 2);
  assert.equal(startIndex(null, 3), 0);
  assert.equal(startIndex({ color: { scheme: "slate" } }, 3), 0);
  assert.equal(startIndex({ index: "2" }, 3), 0);
  assert.equal(startIndex({ index: 7 }, 3), 2);
  assert.equal(startIndex({ index: -1 }, 3), 0);
});

test("the toggle cycles through the options and back to the first", () => {
  assert.deepEqual([0, 1, 2].map((i) => nextIndex(i, 3)), [1, 2, 0]);
});

test("a fixed option gives its own colours", () => {
  assert.deepEqual(bodyColours(OPTIONS, 2, true), OPTIONS[2]);
  assert.deepEqual(bodyColours(OPTIONS, 1, false), OPTIONS[1]);
});

test("following the system takes the light or the dark option's colours, with its own media", () => {
  assert.deepEqual(bodyColours(OPTIONS, 0, false),
    { media: FOLLOW_SYSTEM, scheme: "slate", primary: "indigo", accent: "light-blue" });
  assert.deepEqual(bodyColours(OPTIONS, 0, true),
    { media: FOLLOW_SYSTEM, scheme: "default", primary: "indigo", accent: "indigo" });
});
