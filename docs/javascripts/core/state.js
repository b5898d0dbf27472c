// What the study tools keep in the browser, and the export file: one versioned format with a
// migration for every older version. Version 1 (2025) held only the studied objectives.
// Pure functions of plain data; storage.js does the reading and writing.

export const FORMAT = "pmle-study-guide-progress";
export const VERSION = 2;
export const MAX_ATTEMPTS = 200; // the oldest attempts go first beyond this
const NUMBER = /^(?:[GP]|2026-)?\d+\.\d+$/;
const KEY = /^[A-D]$/;

export function emptyState() {
  return { version: VERSION, studied: [], attempts: [], cards: {} };
}

function cleanAttempt(a) {
  if (!a || typeof a !== "object" || !Array.isArray(a.answers) || !Number.isFinite(a.at)) return null;
  const answers = a.answers
    .filter((x) => x && typeof x.id === "string")
    .map((x) => ({
      id: x.id,
      chosen: KEY.test(x.chosen) ? x.chosen : null,
      correct: x.correct === true,
      section: typeof x.section === "string" ? x.section : null,
    }));
  return { mode: ["practice", "exam", "review"].includes(a.mode) ? a.mode : "practice", at: a.at, answers };
}

function cleanCards(cards) {
  const out = {};
  if (!cards || typeof cards !== "object") return out;
  for (const [id, e] of Object.entries(cards)) {
    if (e && Number.isInteger(e.box) && e.box >= 1 && e.box <= 5 && Number.isFinite(e.due)) out[id] = { box: e.box, due: e.due };
  }
  return out;
}

// Any stored or imported value -> a valid state of the current version (unknown parts dropped).
export function migrate(raw) {
  const state = emptyState();
  if (!raw || typeof raw !== "object") return state;
  state.studied = Array.isArray(raw.studied) ? raw.studied.filter((n) => typeof n === "string" && NUMBER.test(n)) : [];
  if (raw.version >= 2) {
    state.attempts = (Array.isArray(raw.attempts) ? raw.attempts : []).map(cleanAttempt).filter(Boolean).slice(-MAX_ATTEMPTS);
    state.cards = cleanCards(raw.cards);
  }
  return state;
}

export function addAttempt(state, attempt) {
  return { ...state, attempts: [...state.attempts, attempt].slice(-MAX_ATTEMPTS) };
}

export function toExport(state, exportedIso) {
  const { studied, attempts, cards } = migrate(state);
  return { format: FORMAT, version: VERSION, exported: exportedIso, studied, attempts, cards };
}

// The state in an export file `text`, merged into `current`: a version 1 file replaces the
// studied objectives only. Throws an Error whose message says what is wrong with the file.
export function fromExport(text, current, known) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error("This file is not a progress export: it is not valid JSON.");
  }
  if (!data || typeof data !== "object" || data.format !== FORMAT || !Array.isArray(data.studied)) {
    throw new Error(`This file is not a progress export from this guide (expected "format": "${FORMAT}" and a "studied" list).`);
  }
  if (!(data.version >= 1 && data.version <= VERSION)) {
    throw new Error(`This file was written by a newer version of the guide (format version ${data.version}). Nothing was imported.`);
  }
  const unknown = data.studied.filter((n) => typeof n !== "string" || (known && !known.has(n)));
  if (unknown.length) {
    throw new Error(`This file lists objectives this guide does not have: ${unknown.slice(0, 5).join(", ")}. Nothing was imported.`);
  }
  const imported = migrate(data);
  return data.version >= 2 ? imported : { ...migrate(current), studied: imported.studied };
}
