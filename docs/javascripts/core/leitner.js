// Spaced repetition for the flashcards: the Leitner system. A card the learner knows moves up
// one box and comes back after the box's interval; "Again" sends it back to box 1, due at once.
// Pure functions: the caller passes the clock in milliseconds.

export const DAY_MS = 24 * 60 * 60 * 1000;
// Days until a card in box N (1 to 5) is due again.
export const BOX_DAYS = { 1: 1, 2: 2, 3: 4, 4: 8, 5: 16 };
export const TOP_BOX = 5;

// The schedule entry {box, due} after one review.
export function review(entry, knew, now) {
  if (!knew) return { box: 1, due: now };
  const box = Math.min(TOP_BOX, (entry ? entry.box : 0) + 1);
  return { box, due: now + BOX_DAYS[box] * DAY_MS };
}

// A card never reviewed is due; so is one whose time has come.
export function isDue(entry, now) {
  return !entry || entry.due <= now;
}

// The ids in study order: due cards first (the longest overdue first, new cards after the
// reviewed ones, in deck order), then the others by the time they fall due.
export function studyOrder(ids, schedule, now) {
  const rank = (id) => {
    const entry = schedule[id];
    if (!entry) return [1, 0];
    return entry.due <= now ? [0, entry.due] : [2, entry.due];
  };
  return ids
    .map((id, index) => ({ id, index, rank: rank(id) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .map((c) => c.id);
}

export function dueCount(ids, schedule, now) {
  return ids.filter((id) => isDue(schedule[id], now)).length;
}
