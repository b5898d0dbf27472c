import { test } from "node:test";
import assert from "node:assert/strict";
import { migrate, fromExport, toExport, addAttempt, emptyState, FORMAT, MAX_ATTEMPTS } from "../../docs/javascripts/core/state.js";

test("version 1 storage migrates to version 2 with an empty history", () => {
  assert.deepEqual(migrate({ version: 1, studied: ["1.1", "G2.3", "bogus", "2026-4.1"] }),
    { version: 2, studied: ["1.1", "G2.3", "2026-4.1"], attempts: [], cards: {} });
  assert.deepEqual(migrate(null), emptyState());
  assert.deepEqual(migrate("junk"), emptyState());
});

test("version 2 keeps clean attempts and card boxes, drops broken ones", () => {
  const s = migrate({ version: 2, studied: [], cards: { a: { box: 2, due: 5 }, b: { box: 9, due: 1 }, c: "x" },
    attempts: [{ mode: "exam", at: 3, answers: [{ id: "q", chosen: "B", correct: true, section: "4" }, { id: "r", chosen: "<img>" }] }, { at: "x" }] });
  assert.deepEqual(s.cards, { a: { box: 2, due: 5 } });
  assert.deepEqual(s.attempts, [{ mode: "exam", at: 3, answers: [
    { id: "q", chosen: "B", correct: true, section: "4" }, { id: "r", chosen: null, correct: false, section: null }] }]);
});

test("history is capped", () => {
  let s = emptyState();
  for (let i = 0; i < MAX_ATTEMPTS + 5; i++) s = addAttempt(s, { mode: "practice", at: i, answers: [] });
  assert.equal(s.attempts.length, MAX_ATTEMPTS);
  assert.equal(s.attempts[0].at, 5);
});

test("an export round-trips through import", () => {
  const state = { version: 2, studied: ["1.1"], cards: { t: { box: 3, due: 9 } },
    attempts: [{ mode: "review", at: 7, answers: [{ id: "q", chosen: "A", correct: false, section: "2" }] }] };
  const file = JSON.stringify(toExport(state, "2026-12-01T00:00:00.000Z"));
  assert.equal(JSON.parse(file).format, FORMAT);
  assert.deepEqual(fromExport(file, emptyState(), new Set(["1.1"])), migrate(state));
});

test("a version 1 export replaces the studied objectives and keeps the history", () => {
  const current = { version: 2, studied: ["2.1"], cards: { t: { box: 1, due: 1 } }, attempts: [] };
  const old = JSON.stringify({ format: FORMAT, version: 1, exported: "2025-05-01", studied: ["1.1", "1.2"] });
  assert.deepEqual(fromExport(old, current, null), { ...current, studied: ["1.1", "1.2"] });
});

test("bad files say what is wrong", () => {
  assert.throws(() => fromExport("{", emptyState()), /not valid JSON/);
  assert.throws(() => fromExport('{"format":"x","studied":[]}', emptyState()), /not a progress export from this guide/);
  assert.throws(() => fromExport(JSON.stringify({ format: FORMAT, version: 3, studied: [] }), emptyState()), /newer version/);
  assert.throws(() => fromExport(JSON.stringify({ format: FORMAT, version: 2, studied: ["9.9"] }), emptyState(), new Set(["1.1"])),
    /does not have: 9\.9/);
});
