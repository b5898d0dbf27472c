import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreAttempt, outstandingMistakes, resultsBySection, weakestSections, percent }
  from "../../docs/javascripts/core/scoring.js";

const asked = [
  { id: "a", answer: "A", section: "1", domain: "d1" },
  { id: "b", answer: "B", section: "1", domain: "d2" },
  { id: "c", answer: "C", section: "3", domain: "d2" },
];

test("scores right, wrong and blank answers per section and domain", () => {
  const r = scoreAttempt(asked, { a: "A", b: "C" });
  assert.equal(r.right, 1);
  assert.equal(r.total, 3);
  assert.deepEqual(r.bySection, { 1: { right: 1, total: 2 }, 3: { right: 0, total: 1 } });
  assert.deepEqual(r.byDomain, { d1: { right: 1, total: 1 }, d2: { right: 0, total: 2 } });
  assert.deepEqual(r.answers.map((x) => [x.id, x.chosen, x.correct]), [["a", "A", true], ["b", "C", false], ["c", null, false]]);
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(0, 0), 0);
});

test("a mistake stays outstanding until its latest answer is right", () => {
  const attempts = [
    { at: 1, answers: [{ id: "a", correct: false }, { id: "b", correct: false }, { id: "c", correct: true }] },
    { at: 2, answers: [{ id: "a", correct: true }, { id: "c", correct: false }] },
  ];
  assert.deepEqual(outstandingMistakes(attempts), ["b", "c"]);
  // Order of attempts in storage does not matter: time does.
  assert.deepEqual(outstandingMistakes(attempts.slice().reverse()), ["b", "c"]);
  attempts.push({ at: 3, answers: [{ id: "b", correct: true }, { id: "c", correct: true }] });
  assert.deepEqual(outstandingMistakes(attempts), []);
});

test("results per section and the weakest sections", () => {
  const attempts = [
    { at: 1, answers: [{ id: "a", section: "1", correct: true }, { id: "b", section: "2", correct: false }] },
    { at: 2, answers: [{ id: "c", section: "2", correct: true }, { id: "d", section: "4", correct: false }, { id: "e", section: "5", correct: true }] },
  ];
  const results = resultsBySection(attempts);
  assert.deepEqual(results, { 1: { right: 1, total: 1 }, 2: { right: 1, total: 2 }, 4: { right: 0, total: 1 }, 5: { right: 1, total: 1 } });
  assert.deepEqual(weakestSections(results), ["4", "2"]);
  assert.deepEqual(weakestSections({ 1: { right: 2, total: 2 } }), []);
});
