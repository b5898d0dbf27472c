import { test } from "node:test";
import assert from "node:assert/strict";
import { review, isDue, studyOrder, dueCount, DAY_MS } from "../../docs/javascripts/core/leitner.js";

const now = 1_700_000_000_000;

test("knowing a card moves it up a box with a doubling interval", () => {
  let e = review(undefined, true, now);
  assert.deepEqual(e, { box: 1, due: now + DAY_MS });
  e = review(e, true, now);
  assert.deepEqual(e, { box: 2, due: now + 2 * DAY_MS });
  e = review({ box: 4, due: now }, true, now);
  assert.deepEqual(e, { box: 5, due: now + 16 * DAY_MS });
  e = review(e, true, now);
  assert.deepEqual(e, { box: 5, due: now + 16 * DAY_MS });
});

test("again sends a card back to box 1, due now", () => {
  assert.deepEqual(review({ box: 4, due: now + 5 }, false, now), { box: 1, due: now });
});

test("due cards first, longest overdue first, then new cards, then the rest by due time", () => {
  const schedule = {
    later: { box: 2, due: now + 2 * DAY_MS },
    soon: { box: 1, due: now + 1000 },
    overdue: { box: 3, due: now - DAY_MS },
    today: { box: 1, due: now },
  };
  assert.deepEqual(studyOrder(["new1", "later", "soon", "overdue", "new2", "today"], schedule, now),
    ["overdue", "today", "new1", "new2", "soon", "later"]);
  assert.equal(dueCount(["new1", "later", "soon", "overdue", "today"], schedule, now), 3);
  assert.equal(isDue(schedule.soon, now + 1000), true);
  assert.equal(isDue(schedule.soon, now + 999), false);
});
