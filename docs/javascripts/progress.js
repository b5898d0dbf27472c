// Study progress: which objectives the reader has marked as studied, and (on the home page) the
// quiz results per June 2026 section. A "Mark as studied" checkbox, rendered by the build, sits
// under every objective heading (h2#obj-N-M, #gen-N-M, #plat-N-M; h3#guide-2026-N-M); the
// home page fills the bars the build rendered (role=progressbar) and offers export, import and
// reset of everything the study tools keep (progress, quiz history, flashcard boxes).
import { fromExport, toExport, emptyState } from "./core/state.js";
import { resultsBySection, weakestSections, percent } from "./core/scoring.js";
import { read, update, write } from "./storage.js";
import { download } from "./dom.js";

// 2020 objectives first, then June 2026 sub-objectives, then G, then P; numerically within each.
function prefixOf(n) { return (/^(?:[GP]|2026-)/.exec(n) || [""])[0]; }
export function compare(a, b) {
  const pa = prefixOf(a), pb = prefixOf(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  const x = a.slice(pa.length).split("."), y = b.slice(pb.length).split(".");
  return (x[0] - y[0]) || (x[1] - y[1]);
}

function setStudied(number, on) {
  update((state) => {
    const studied = new Set(state.studied);
    if (on) studied.add(number); else studied.delete(number);
    return { ...state, studied: Array.from(studied).sort(compare) };
  });
}

// Teaching pages and the guide map: bind the checkbox the build put under each objective
// heading (studykit.studytools.add_progress_checkboxes); refresh() ticks them.
function bindCheckboxes(root) {
  root.querySelectorAll(".sg-studied input[data-sg-objective]:not([data-sg-bound])").forEach((box) => {
    const number = box.getAttribute("data-sg-objective");
    box.setAttribute("data-sg-bound", "");
    box.addEventListener("change", () => setStudied(number, box.checked));
  });
}

// Home page: fill each bar from the stored progress.
function updateBars(root, studied) {
  root.querySelectorAll("[role=progressbar][data-sg-objectives]").forEach((bar) => {
    const numbers = bar.getAttribute("data-sg-objectives").split(" ").filter(Boolean);
    const done = numbers.filter((n) => studied.has(n)).length;
    const share = percent(done, numbers.length);
    bar.setAttribute("aria-valuenow", String(done));
    const unit = bar.getAttribute("data-sg-unit") || "objectives";
    bar.setAttribute("aria-valuetext", done + " of " + numbers.length + " " + unit + " studied (" + share + " %)");
    const fill = bar.querySelector(".sg-progress__fill");
    if (fill) fill.style.width = share + "%";
    const count = bar.parentElement.querySelector(".sg-progress__count");
    if (count) count.textContent = done + "/" + numbers.length;
  });
}

// Home page: quiz results per June 2026 section, and the weakest sections.
function updateResults(root, attempts) {
  const panel = root.querySelector("[data-sg-quiz-summary]");
  if (!panel) return;
  const results = resultsBySection(attempts);
  panel.querySelectorAll("[data-sg-result-section]").forEach((row) => {
    const r = results[row.getAttribute("data-sg-result-section")];
    row.querySelector("[data-sg-result]").textContent = r
      ? r.right + " of " + r.total + " right (" + percent(r.right, r.total) + " %)" : "No answers yet";
  });
  const weakest = weakestSections(results);
  const list = panel.querySelector("[data-sg-weakest]");
  list.textContent = "";
  const intro = panel.querySelector("[data-sg-weakest-intro]");
  intro.textContent = !attempts.length ? "Take a quiz to see which sections need work."
    : weakest.length ? "Weakest sections: read these again." : "Every answer so far was right.";
  weakest.forEach((section) => {
    const row = panel.querySelector("[data-sg-result-section='" + section + "'] a");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = row.getAttribute("href");
    link.textContent = row.textContent;
    item.appendChild(link);
    item.appendChild(document.createTextNode(" (" + percent(results[section].right, results[section].total) + " %)"));
    list.appendChild(item);
  });
}

function refresh(root) {
  const state = read();
  const studied = new Set(state.studied);
  root.querySelectorAll("input[data-sg-objective]").forEach((box) => {
    box.checked = studied.has(box.getAttribute("data-sg-objective"));
  });
  updateBars(root, studied);
  updateResults(root, state.attempts);
}

// Every key the guide has: the "All ..." rows (data-sg-domain "*" and "*2026") list them.
function knownObjectives(panel) {
  const known = new Set();
  panel.querySelectorAll("[data-sg-domain^='*']").forEach((row) => {
    row.getAttribute("data-sg-objectives").split(" ").filter(Boolean).forEach((n) => known.add(n));
  });
  return known;
}

function bindPanel(panel) {
  if (panel.hasAttribute("data-sg-bound")) return;
  panel.setAttribute("data-sg-bound", "");
  const status = panel.querySelector("[role=status]");
  const fileInput = panel.querySelector("[data-sg-import-file]");
  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("sg-progress__status--error", Boolean(isError));
  }
  panel.querySelector("[data-sg-action=export]").addEventListener("click", () => {
    const state = read();
    download("pmle-study-progress.json", toExport(state, new Date().toISOString()));
    say("Exported " + state.studied.length + " studied objectives and " + state.attempts.length
      + " quiz attempts to pmle-study-progress.json.");
  });
  panel.querySelector("[data-sg-action=import]").addEventListener("click", () => {
    fileInput.value = "";
    fileInput.click();
  });
  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    file.text().then((text) => {
      const state = fromExport(text, read(), knownObjectives(panel));
      write(state);
      say("Imported " + state.studied.length + " studied objectives and " + state.attempts.length
        + " quiz attempts from " + file.name + ".");
    }).catch((error) => say("Could not import " + file.name + ". " + error.message, true));
  });
  panel.querySelector("[data-sg-action=reset]").addEventListener("click", () => {
    const count = read().studied.length;
    if (!window.confirm("Reset your progress? This clears all " + count + " objectives marked as studied, "
      + "your quiz history and your flashcard boxes in this browser.")) {
      say("Progress kept.");
      return;
    }
    write(emptyState());
    say("Progress reset: no objective is marked as studied, and the quiz history is empty.");
  });
}

export function mount(content) {
  bindCheckboxes(content);
  content.querySelectorAll("[data-sg-progress]").forEach(bindPanel);
  refresh(content);
}

document.addEventListener("sg-study-change", () => refresh(document.querySelector(".md-content") || document));
