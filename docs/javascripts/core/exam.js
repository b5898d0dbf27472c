// The exam simulation's arithmetic: drawing questions by the guide's weights and the timer.
// Pure functions of plain data: the caller passes the clock (milliseconds) and the random source.

export const EXAM_SIZE = 50;
export const EXAM_DURATION_MS = 2 * 60 * 60 * 1000;
// Weights of the six sections of the June 2026 guide, in per cent.
export const SECTION_WEIGHTS = { 1: 13, 2: 16, 3: 21, 4: 20, 5: 18, 6: 13 };
// Minutes left at which a screen reader hears the time (never every second).
export const ANNOUNCE_AT_MINUTES = [90, 60, 30, 15, 10, 5, 1];

// Fisher-Yates on a copy: every order equally likely for a uniform `random` in [0, 1).
export function shuffle(list, random = Math.random) {
  const copy = list.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// How many questions each section gets: largest remainder on the weights, never more than a
// section has; what a small section cannot take goes to the others by the same rule.
export function allocate(weights, size, available) {
  const sections = Object.keys(weights);
  const counts = Object.fromEntries(sections.map((s) => [s, 0]));
  let left = Math.min(size, sections.reduce((sum, s) => sum + (available[s] || 0), 0));
  while (left > 0) {
    const open = sections.filter((s) => counts[s] < (available[s] || 0));
    const total = open.reduce((sum, s) => sum + weights[s], 0);
    const shares = open.map((s) => ({ s, exact: (left * weights[s]) / total }));
    let given = 0;
    for (const { s, exact } of shares) {
      const take = Math.min(Math.floor(exact), available[s] - counts[s]);
      counts[s] += take;
      given += take;
    }
    const byRemainder = shares
      .filter(({ s }) => counts[s] < available[s])
      .sort((a, b) => (b.exact % 1) - (a.exact % 1) || weights[b.s] - weights[a.s] || a.s.localeCompare(b.s));
    for (const { s } of byRemainder) {
      if (given >= left) break;
      counts[s] += 1;
      given += 1;
    }
    left -= given;
  }
  return counts;
}

// Draw an exam from `questions` ([{id, section}]): the ids, sections mixed in a random order.
export function drawExam(questions, { weights = SECTION_WEIGHTS, size = EXAM_SIZE, random = Math.random } = {}) {
  const bySection = {};
  for (const q of questions) (bySection[q.section] = bySection[q.section] || []).push(q.id);
  const available = Object.fromEntries(Object.keys(weights).map((s) => [s, (bySection[s] || []).length]));
  const counts = allocate(weights, size, available);
  const drawn = Object.keys(counts).flatMap((s) => shuffle(bySection[s] || [], random).slice(0, counts[s]));
  return shuffle(drawn, random);
}

export function timeLeft(startedAt, duration, now) {
  return Math.max(0, startedAt + duration - now);
}

// "1:59:59": hours, minutes and seconds left, rounded up so that 0:00:00 means time is up.
export function formatClock(ms) {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

// "1 hour 30 minutes": whole minutes left, rounded up, for screen readers.
export function spokenTime(ms) {
  const minutes = Math.ceil(Math.max(0, ms) / 60000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [];
  if (h) parts.push(`${h} hour${h === 1 ? "" : "s"}`);
  if (m || !h) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  return parts.join(" ");
}

// The message to announce when the time left goes from `before` to `after` (ms), or null:
// one announcement per threshold crossed, however long the tab slept.
export function announcement(before, after, thresholds = ANNOUNCE_AT_MINUTES) {
  const crossed = thresholds.map((m) => m * 60000).filter((t) => before > t && after <= t);
  if (!crossed.length) return null;
  return `${spokenTime(Math.min(...crossed))} left in the exam simulation.`;
}
