import { test } from "node:test";
import assert from "node:assert/strict";
import { allocate, drawExam, timeLeft, formatClock, spokenTime, announcement, shuffle, SECTION_WEIGHTS, EXAM_DURATION_MS }
  from "../../docs/javascripts/core/exam.js";

// A seeded random source, so that draws are reproducible.
function seeded(seed) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test("50 questions by the June 2026 weights: 7, 8, 10, 10, 9, 6", () => {
  const plenty = { 1: 100, 2: 100, 3: 100, 4: 100, 5: 100, 6: 100 };
  assert.deepEqual(allocate(SECTION_WEIGHTS, 50, plenty), { 1: 7, 2: 8, 3: 10, 4: 10, 5: 9, 6: 6 });
});

test("a section with too few questions gives its share to the others", () => {
  const counts = allocate(SECTION_WEIGHTS, 50, { 1: 2, 2: 100, 3: 100, 4: 100, 5: 100, 6: 100 });
  assert.equal(counts[1], 2);
  assert.equal(Object.values(counts).reduce((a, b) => a + b), 50);
  assert.ok(counts[3] >= 11, JSON.stringify(counts));
});

test("never more than the bank has", () => {
  const counts = allocate(SECTION_WEIGHTS, 50, { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3 });
  assert.deepEqual(counts, { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3 });
});

test("drawExam draws distinct ids with the allocated count per section", () => {
  const bank = [];
  for (let s = 1; s <= 6; s++) for (let i = 0; i < 40; i++) bank.push({ id: `q${s}-${i}`, section: String(s) });
  const ids = drawExam(bank, { random: seeded(7) });
  assert.equal(ids.length, 50);
  assert.equal(new Set(ids).size, 50);
  const per = {};
  for (const id of ids) per[id[1]] = (per[id[1]] || 0) + 1;
  assert.deepEqual(per, { 1: 7, 2: 8, 3: 10, 4: 10, 5: 9, 6: 6 });
  assert.notDeepEqual(ids, drawExam(bank, { random: seeded(8) }));
});

test("shuffle keeps every element and leaves the input alone", () => {
  const list = [1, 2, 3, 4, 5];
  const out = shuffle(list, seeded(3));
  assert.deepEqual(list, [1, 2, 3, 4, 5]);
  assert.deepEqual(out.slice().sort(), [1, 2, 3, 4, 5]);
});

test("the clock counts down two hours and stops at zero", () => {
  const start = 1_000_000;
  assert.equal(timeLeft(start, EXAM_DURATION_MS, start), 7_200_000);
  assert.equal(timeLeft(start, EXAM_DURATION_MS, start + 7_199_001), 999);
  assert.equal(timeLeft(start, EXAM_DURATION_MS, start + 9_000_000), 0);
  assert.equal(formatClock(7_200_000), "2:00:00");
  assert.equal(formatClock(7_199_001), "2:00:00");
  assert.equal(formatClock(7_199_000), "1:59:59");
  assert.equal(formatClock(61_000), "0:01:01");
  assert.equal(formatClock(0), "0:00:00");
});

test("spoken time is in whole minutes", () => {
  assert.equal(spokenTime(7_200_000), "2 hours");
  assert.equal(spokenTime(5_400_000), "1 hour 30 minutes");
  assert.equal(spokenTime(60_000), "1 minute");
  assert.equal(spokenTime(59_000), "1 minute");
  assert.equal(spokenTime(0), "0 minutes");
});

test("announcements only when a threshold is crossed", () => {
  assert.equal(announcement(3_600_001, 3_600_000), "1 hour left in the exam simulation.");
  assert.equal(announcement(3_600_000, 3_599_000), null);
  assert.equal(announcement(3_000_000, 2_999_000), null);
  assert.equal(announcement(301_000, 299_000), "5 minutes left in the exam simulation.");
  // Asleep through several thresholds: one message, the latest.
  assert.equal(announcement(3_700_000, 500_000), "10 minutes left in the exam simulation.");
});
