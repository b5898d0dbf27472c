// Scoring attempts and reading the attempt history: pure functions of plain data.
// An attempt is {mode, at, answers: [{id, chosen, correct, section}]} (chosen: "A".."D" or null).

// Score the answers given to `asked` ([{id, answer, section, domain}]); `chosen` maps id -> key.
export function scoreAttempt(asked, chosen) {
  const answers = asked.map((q) => ({
    id: q.id,
    chosen: chosen[q.id] || null,
    correct: (chosen[q.id] || null) === q.answer,
    section: q.section,
    domain: q.domain,
  }));
  return {
    answers,
    right: answers.filter((a) => a.correct).length,
    total: answers.length,
    bySection: tally(answers, (a) => a.section),
    byDomain: tally(answers, (a) => a.domain),
  };
}

// {key: {right, total}} over `answers`, keys in first-seen order.
export function tally(answers, keyOf) {
  const out = {};
  for (const a of answers) {
    const key = keyOf(a);
    if (key === undefined || key === null) continue;
    const row = (out[key] = out[key] || { right: 0, total: 0 });
    row.total += 1;
    if (a.correct) row.right += 1;
  }
  return out;
}

export function percent(right, total) {
  return total ? Math.round((right / total) * 100) : 0;
}

// Ids answered wrong (or left blank) whose latest answer is still wrong, oldest mistake first.
export function outstandingMistakes(attempts) {
  const latest = new Map();
  const sorted = attempts.slice().sort((a, b) => a.at - b.at);
  for (const attempt of sorted) {
    for (const a of attempt.answers) {
      latest.delete(a.id); // re-insert: the map keeps the order of the latest answers
      latest.set(a.id, a.correct);
    }
  }
  return [...latest].filter(([, correct]) => !correct).map(([id]) => id);
}

// Right and total per June 2026 section over every answer in the history.
export function resultsBySection(attempts) {
  return tally(attempts.flatMap((a) => a.answers), (a) => a.section);
}

// Sections with answers, weakest first (lowest share right; more answers first on a tie).
export function weakestSections(results, count = 2) {
  return Object.keys(results)
    .map((s) => ({ section: s, ...results[s], score: results[s].right / results[s].total }))
    .filter((r) => r.score < 1)
    .sort((a, b) => a.score - b.score || b.total - a.total || a.section.localeCompare(b.section))
    .slice(0, count)
    .map((r) => r.section);
}
