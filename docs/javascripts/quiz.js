// Practice quiz, exam simulation and review of mistakes. The build renders the set-up form on
// the quiz page and the whole bank, as collapsible questions and answers (ol[data-sg-quiz-bank]),
// on a page of its own: 900 KB that would delay the quiz page's first paint. This module fetches
// the bank when a reader starts using the form, reads the questions from it, asks them, scores
// them (core/scoring.js), keeps every attempt in the browser (storage.js) and shows what
// happened: the chosen and the correct option marked with text and an icon, each option's
// explanation next to it, the score per June 2026 section and the sections to revisit.
import { drawExam, shuffle, timeLeft, formatClock, spokenTime, announcement, EXAM_DURATION_MS, EXAM_SIZE }
  from "./core/exam.js";
import { scoreAttempt, outstandingMistakes, percent } from "./core/scoring.js";
import { addAttempt } from "./core/state.js";
import { read, update } from "./storage.js";
import { el } from "./dom.js";

const TICK_MS = 1000;

function questionsOf(bank) {
  return Array.from(bank.querySelectorAll("li[data-sg-id]"), (item) => ({
    id: item.getAttribute("data-sg-id"),
    answer: item.getAttribute("data-sg-answer"),
    section: item.getAttribute("data-sg-section"),
    sectionTitle: item.getAttribute("data-sg-section-title"),
    domain: item.getAttribute("data-sg-domain"),
    domainTitle: item.getAttribute("data-sg-domain-title"),
    item,
  }));
}

// Links of the fetched page, made to work from this one (they are relative to the bank's page).
function rebaseLinks(root, base) {
  root.querySelectorAll("a[href]").forEach((a) => {
    const url = new URL(a.getAttribute("href"), base);
    a.setAttribute("href", url.origin === location.origin ? url.pathname + url.search + url.hash : url.href);
  });
}

// One fetch per bank page and visit; a failed one is tried again at the next start.
const banks = new Map();

export function loadBank(address) {
  const url = new URL(address, location.href).href;
  if (!banks.has(url)) {
    const loading = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`the question page answered ${response.status}`);
      return response.text();
    }).then((text) => {
      const list = new DOMParser().parseFromString(text, "text/html").querySelector("ol[data-sg-quiz-bank]");
      if (!list) throw new Error("the question page has no questions");
      rebaseLinks(list, url);
      return questionsOf(list);
    });
    loading.catch(() => banks.delete(url));
    banks.set(url, loading);
  }
  return banks.get(url);
}

// A question as a radio group: a short legend, the scenario as its description.
function fieldsetFor(q, legend, prefix) {
  const prompt = el("p", { class: "sg-quiz__prompt", id: `${prefix}-${q.id}-prompt` });
  prompt.innerHTML = q.item.querySelector(".sg-quiz__stem").innerHTML;
  const fieldset = el("fieldset", { class: "sg-quiz__fieldset", "data-sg-id": q.id, "aria-describedby": prompt.id },
    [el("legend", {}, [legend]), prompt]);
  q.item.querySelectorAll("[data-sg-option]").forEach((option) => {
    const key = option.getAttribute("data-sg-option");
    const inputId = `${prefix}-${q.id}-${key}`;
    const label = el("label", { for: inputId }, [el("span", { class: "sg-quiz__key" }, [key + "."]), " "]);
    label.insertAdjacentHTML("beforeend", option.querySelector(".sg-quiz__text").innerHTML);
    fieldset.appendChild(el("div", { class: "sg-quiz__choice", "data-sg-choice": key }, [
      el("input", { type: "radio", name: `${prefix}-${q.id}`, id: inputId, value: key }), label,
    ]));
  });
  return fieldset;
}

function chosenIn(fieldset) {
  const input = fieldset.querySelector("input[type=radio]:checked");
  return input ? input.value : null;
}

// After answering: mark the chosen and the correct option (text and icon, not colour alone),
// put each option's explanation under it, and add the verdict and the section to read.
function showReview(fieldset, q, chosen) {
  fieldset.disabled = true;
  const correct = chosen === q.answer;
  fieldset.classList.add(correct ? "sg-quiz--right" : "sg-quiz--wrong");
  fieldset.querySelectorAll("[data-sg-choice]").forEach((choice) => {
    const key = choice.getAttribute("data-sg-choice");
    const isAnswer = key === q.answer;
    const isChosen = key === chosen;
    choice.classList.toggle("sg-quiz__choice--answer", isAnswer);
    choice.classList.toggle("sg-quiz__choice--chosen", isChosen);
    const label = choice.querySelector("label");
    if (isAnswer || isChosen) {
      const text = isAnswer && isChosen ? "Your answer, correct" : isAnswer ? "Correct answer" : "Your answer, wrong";
      label.insertBefore(el("span", { class: "sg-quiz__mark" }, [
        el("span", { class: "sg-quiz__icon", "aria-hidden": "true" }, [isAnswer ? "✓" : "✗"]), " " + text + ": ",
      ]), label.firstChild);
    }
    const why = q.item.querySelector(`[data-sg-why="${key}"]`);
    const note = el("p", { class: "sg-quiz__why-note" });
    note.innerHTML = why.innerHTML.replace(/^<strong>[^<]*<\/strong>\s*/, "");
    choice.appendChild(note);
  });
  const verdict = correct ? `Correct: ${q.answer}.`
    : chosen ? `Not quite: you chose ${chosen}; the answer is ${q.answer}.` : `Not answered: the answer is ${q.answer}.`;
  fieldset.insertBefore(el("p", { class: "sg-quiz__verdict" }, [verdict]), fieldset.querySelector("[data-sg-choice]"));
  fieldset.appendChild(q.item.querySelector(".sg-quiz__learn-more").cloneNode(true));
  const sources = q.item.querySelector(".sg-quiz__sources");
  if (sources) fieldset.appendChild(sources.cloneNode(true));
}

function resultsTable(caption, heading, rows) {
  const body = el("tbody", {}, rows.map(([label, r, attr]) => el("tr", attr, [
    el("th", { scope: "row" }, [label]), el("td", {}, [String(r.right)]), el("td", {}, [String(r.total)]),
    el("td", {}, [percent(r.right, r.total) + " %"]),
  ])));
  // In a scroll container so that a phone can read every column.
  return el("div", { class: "sg-table-scroll", tabindex: "0", role: "region", "aria-label": caption }, [
    el("table", { "data-sg-results-table": heading }, [
      el("caption", {}, [caption]),
      el("thead", {}, [el("tr", {}, ["" + heading, "Right", "Questions", "Score"].map((h) => el("th", { scope: "col" }, [h])))]),
      body,
    ]),
  ]);
}

function revisitList(asked, score) {
  const revisit = [];
  score.answers.forEach((a, index) => {
    if (a.correct) return;
    const link = asked[index].item.querySelector(".sg-quiz__learn-more a");
    const known = revisit.find((r) => r.href === link.getAttribute("href"));
    if (known) known.questions.push(index + 1);
    else revisit.push({ href: link.getAttribute("href"), title: link.textContent, questions: [index + 1] });
  });
  if (!revisit.length) return el("p", {}, ["None: every answer was right."]);
  return el("ul", { class: "sg-quiz__revisit", "aria-labelledby": "sg-quiz-revisit" }, revisit.map((r) =>
    el("li", {}, [el("a", { href: r.href }, [r.title]),
      ` (question${r.questions.length === 1 ? " " : "s "}${r.questions.join(", ")})`])));
}

export function mount(quiz) {
  if (quiz.hasAttribute("data-sg-bound")) return;
  quiz.setAttribute("data-sg-bound", "");
  const setup = quiz.querySelector("[data-sg-quiz-setup]");
  const run = quiz.querySelector("[data-sg-quiz-run]");
  const results = quiz.querySelector("[data-sg-quiz-results]");
  const status = setup.querySelector("[data-sg-quiz-status]");
  const bankUrl = quiz.getAttribute("data-sg-quiz-bank-url");
  const ids = new Set(quiz.getAttribute("data-sg-quiz-ids").split(" "));
  const count = setup.elements.count;
  const pool = setup.elements.pool;
  let all = [];
  let byId = new Map();
  let stopTimer = () => {};

  // Fetch the bank as soon as the reader turns to the form, so that a start rarely waits.
  const warm = () => loadBank(bankUrl).catch(() => {});
  setup.addEventListener("pointerdown", warm, { once: true });
  setup.addEventListener("focusin", warm, { once: true });

  // Buttons stay enabled while the bank loads (disabling the pressed one would drop its focus);
  // aria-busy tells assistive technology, and a second press while busy does nothing.
  async function withBank(start) {
    setup.setAttribute("aria-busy", "true");
    status.textContent = "Loading the questions…";
    try {
      all = await loadBank(bankUrl);
      byId = new Map(all.map((q) => [q.id, q]));
      status.textContent = "";
      start();
    } catch (error) {
      status.textContent = `The questions could not be loaded (${error.message}). Check the connection and try again.`;
    } finally {
      setup.removeAttribute("aria-busy");
    }
  }

  // Focus the results and bring their heading (the score) to the top of the window: plain
  // focus() would centre the tall results and leave the score above the screen on a phone.
  function showResultsTop() {
    results.focus({ preventScroll: true });
    results.scrollIntoView({ block: "start" });
  }

  function poolQuestions() {
    const [kind, value] = pool.value.split(":");
    if (kind === "s") return all.filter((q) => q.section === value);
    if (kind === "d") return all.filter((q) => q.domain === value);
    return all;
  }

  // The ids of the questions answered wrong and not yet right, that the bank still has.
  function mistakeIds() {
    return outstandingMistakes(read().attempts).filter((id) => ids.has(id));
  }

  function showMistakeCount() {
    const n = mistakeIds().length;
    const button = setup.querySelector("[data-sg-mode=review]");
    button.disabled = n === 0;
    setup.querySelector("[data-sg-mistakes-status]").textContent = n
      ? `${n} question${n === 1 ? "" : "s"} answered wrong and not yet answered right.`
      : "No mistakes to review: questions you answer wrong come back here until you answer them right.";
  }

  pool.addEventListener("change", () => {
    const size = Number(pool.selectedOptions[0].getAttribute("data-sg-size"));
    count.max = String(size);
    if (Number(count.value) > size) count.value = String(size);
  });

  setup.addEventListener("submit", (event) => {
    event.preventDefault();
    const mode = (event.submitter && event.submitter.getAttribute("data-sg-mode")) || "practice";
    if (setup.hasAttribute("aria-busy")) return;
    withBank(() => {
      if (mode === "exam") {
        startExam(drawExam(all).map((id) => byId.get(id)));
      } else if (mode === "review") {
        const list = mistakeIds().map((id) => byId.get(id)).filter(Boolean);
        if (list.length) startPractice(list, "review");
      } else {
        const available = poolQuestions();
        const wanted = Math.max(1, Math.min(Number(count.value) || 1, available.length));
        startPractice(shuffle(available).slice(0, wanted), "practice");
      }
    });
  });

  function show(part) {
    setup.hidden = part !== "setup";
    run.hidden = part !== "run";
    results.hidden = part !== "results" && part !== "review";
    if (part !== "review" && part !== "results") results.textContent = "";
  }

  function record(mode, score) {
    update((state) => addAttempt(state, {
      mode, at: Date.now(),
      answers: score.answers.map((a) => ({ id: a.id, chosen: a.chosen, correct: a.correct, section: a.section })),
    }));
  }

  // Practice and review: every question on one page, checked together.
  function startPractice(asked, mode) {
    run.textContent = "";
    run.className = "sg-quiz__run";
    const what = mode === "review" ? "Review of your mistakes: " : "";
    const intro = el("p", { class: "sg-quiz__intro", tabindex: "-1" }, [
      `${what}${asked.length} question${asked.length === 1 ? "" : "s"}. Choose one answer for each, then check your answers.`]);
    const list = el("ol", { class: "sg-quiz__list" }, asked.map((q, i) =>
      el("li", { class: "sg-quiz__asked" }, [fieldsetFor(q, `Question ${i + 1} of ${asked.length}`, "sg-run")])));
    const check = el("button", { type: "submit", class: "md-button md-button--primary" }, ["Check answers"]);
    run.append(intro, list, el("p", { class: "sg-quiz__actions" }, [check, " ",
      el("button", { type: "button", class: "md-button", "data-sg-quiz-restart": "" }, ["Start again"])]));
    run.onsubmit = (event) => {
      event.preventDefault();
      const chosen = {};
      list.querySelectorAll("fieldset").forEach((f) => { chosen[f.getAttribute("data-sg-id")] = chosenIn(f); });
      const score = scoreAttempt(asked, chosen);
      list.querySelectorAll("fieldset").forEach((f, i) => showReview(f, asked[i], chosen[asked[i].id]));
      check.hidden = true;
      record(mode, score);
      renderResults(asked, score, { mode });
      results.hidden = false;
      showResultsTop();
    };
    show("run");
    intro.focus();
  }

  // Exam simulation: one question at a time, a navigator, marks for review, a countdown that
  // submits by itself; nothing is scored until the end.
  function startExam(asked) {
    const started = Date.now();
    const chosen = {};
    const marked = new Set();
    let current = 0;
    let lastLeft = EXAM_DURATION_MS;
    run.textContent = "";
    run.className = "sg-quiz__run sg-exam";
    run.onsubmit = (event) => { event.preventDefault(); };

    const clock = el("span", { class: "sg-exam__clock", role: "timer", "aria-live": "off" }, [formatClock(EXAM_DURATION_MS)]);
    const spoken = el("p", { class: "sg-visually-hidden", role: "status", "aria-live": "polite", "data-sg-timer-status": "" });
    const bar = el("div", { class: "sg-exam__bar" }, [
      el("p", { class: "sg-exam__timer" }, ["Time left: ", clock]),
      el("p", { class: "sg-exam__answered", "data-sg-exam-answered": "" }),
      spoken,
    ]);
    const navButtons = asked.map((q, i) => el("button", { type: "button", class: "sg-exam__goto", "data-sg-goto": String(i) }, [String(i + 1)]));
    const nav = el("nav", { class: "sg-exam__nav", "aria-label": "Exam questions" }, [
      el("ol", {}, navButtons.map((b) => el("li", {}, [b]))),
    ]);
    const fieldsets = asked.map((q, i) => fieldsetFor(q, `Question ${i + 1} of ${asked.length}`, "sg-exam"));
    const stage = el("div", { class: "sg-exam__stage" }, fieldsets);
    const markButton = el("button", { type: "button", class: "md-button", "aria-pressed": "false", "data-sg-exam": "mark" }, ["Mark for review"]);
    const prev = el("button", { type: "button", class: "md-button", "data-sg-exam": "previous" }, ["Previous"]);
    const next = el("button", { type: "button", class: "md-button md-button--primary", "data-sg-exam": "next" }, ["Next"]);
    const finish = el("button", { type: "button", class: "md-button", "data-sg-exam": "finish" }, ["Finish the exam…"]);
    const confirmText = el("p", { "data-sg-exam-confirm-text": "" });
    const confirmBox = el("div", { class: "sg-exam__confirm", hidden: true, role: "group", "aria-label": "Submit the exam?" }, [
      confirmText,
      el("p", {}, [
        el("button", { type: "button", class: "md-button md-button--primary", "data-sg-exam": "submit" }, ["Submit the exam"]), " ",
        el("button", { type: "button", class: "md-button", "data-sg-exam": "back" }, ["Back to the questions"]),
      ]),
    ]);
    run.append(
      el("p", { class: "sg-quiz__intro", tabindex: "-1" }, [`Exam simulation: ${asked.length} questions, `
        + `${spokenTime(EXAM_DURATION_MS)}. Answer in any order, mark questions to come back to, `
        + "change answers until you submit. The exam submits itself when the time is up."]),
      bar, nav, stage, el("p", { class: "sg-exam__actions" }, [prev, " ", markButton, " ", next]),
      el("p", { class: "sg-exam__actions" }, [finish]), confirmBox);

    function answeredCount() { return asked.filter((q) => chosen[q.id]).length; }

    function paint() {
      fieldsets.forEach((f, i) => { f.hidden = i !== current; });
      navButtons.forEach((b, i) => {
        const q = asked[i];
        const states = [chosen[q.id] ? "answered" : "not answered"];
        if (marked.has(q.id)) states.push("marked for review");
        b.setAttribute("aria-label", `Question ${i + 1}, ${states.join(", ")}`);
        b.classList.toggle("sg-exam__goto--answered", Boolean(chosen[q.id]));
        b.classList.toggle("sg-exam__goto--marked", marked.has(q.id));
        if (i === current) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
        b.textContent = String(i + 1) + (marked.has(q.id) ? " ⚑" : "");
      });
      markButton.setAttribute("aria-pressed", String(marked.has(asked[current].id)));
      prev.disabled = current === 0;
      next.disabled = current === asked.length - 1;
      bar.querySelector("[data-sg-exam-answered]").textContent = `${answeredCount()} of ${asked.length} answered, ${marked.size} marked`;
    }

    function go(index) {
      current = Math.max(0, Math.min(asked.length - 1, index));
      confirmBox.hidden = true;
      paint();
      fieldsets[current].querySelector("legend").setAttribute("tabindex", "-1");
      fieldsets[current].querySelector("legend").focus();
    }

    stage.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset");
      chosen[fieldset.getAttribute("data-sg-id")] = event.target.value;
      paint();
    });
    run.onclick = (event) => {
      const goto = event.target.closest("[data-sg-goto]");
      if (goto) return go(Number(goto.getAttribute("data-sg-goto")));
      const action = event.target.closest("[data-sg-exam]");
      if (!action) return;
      const what = action.getAttribute("data-sg-exam");
      if (what === "previous") go(current - 1);
      else if (what === "next") go(current + 1);
      else if (what === "mark") {
        const id = asked[current].id;
        if (marked.has(id)) marked.delete(id); else marked.add(id);
        paint();
      } else if (what === "finish") {
        const blank = asked.length - answeredCount();
        confirmText.textContent = `${blank} question${blank === 1 ? "" : "s"} not answered and ${marked.size} marked for review. `
          + "Submit the exam now? You cannot change answers afterwards.";
        confirmBox.hidden = false;
        confirmBox.querySelector("[data-sg-exam=submit]").focus();
      } else if (what === "back") go(current);
      else if (what === "submit") submit(false);
    };

    function tick() {
      if (!run.isConnected) return stopTimer();
      const left = timeLeft(started, EXAM_DURATION_MS, Date.now());
      clock.textContent = formatClock(left);
      const message = announcement(lastLeft, left);
      if (message) spoken.textContent = message;
      lastLeft = left;
      if (left === 0) submit(true);
    }

    function submit(timeUp) {
      stopTimer();
      const score = scoreAttempt(asked, chosen);
      record("exam", score);
      run.textContent = "";
      run.onclick = null;
      renderResults(asked, score, { mode: "exam", timeUp, marked });
      const list = el("ol", { class: "sg-quiz__list" }, asked.map((q, i) => {
        const f = fieldsetFor(q, `Question ${i + 1} of ${asked.length}` + (marked.has(q.id) ? " (marked for review)" : ""), "sg-review");
        const input = chosen[q.id] && f.querySelector(`input[value="${chosen[q.id]}"]`);
        if (input) input.checked = true;
        showReview(f, q, chosen[q.id] || null);
        return el("li", { class: "sg-quiz__asked" }, [f]);
      }));
      results.append(el("h3", { id: "sg-exam-review" }, ["Your answers"]), list);
      show("review");
      showResultsTop();
    }

    const timer = setInterval(tick, TICK_MS);
    stopTimer = () => { clearInterval(timer); stopTimer = () => {}; };
    show("run");
    paint();
    run.querySelector(".sg-quiz__intro").focus();
  }

  function renderResults(asked, score, { mode, timeUp }) {
    results.textContent = "";
    const heading = mode === "exam" ? "Exam simulation: " : mode === "review" ? "Review of mistakes: " : "Your score: ";
    results.appendChild(el("h2", { id: "sg-quiz-score" },
      [`${heading}${score.right} of ${score.total} (${percent(score.right, score.total)} %)`]));
    if (timeUp) results.appendChild(el("p", { class: "sg-quiz__time-up" }, ["Time is up: the exam was submitted with the answers given."]));
    if (mode === "exam") {
      results.appendChild(el("p", { class: "sg-quiz__exam-note" }, ["The real exam reports only pass or fail, and Google "
        + "publishes no cut score: use the scores per section to decide what to study next, not to predict a result."]));
    }
    const sectionTitles = {};
    for (const q of asked) sectionTitles[q.section] = q.sectionTitle;
    const sections = Object.keys(score.bySection).sort((a, b) => a - b);
    results.appendChild(resultsTable("Results by June 2026 section", "Section",
      sections.map((s) => [`${s}. ${sectionTitles[s]}`, score.bySection[s], { "data-sg-section-result": s }])));
    if (mode !== "exam") {
      const order = all.map((q) => q.domain);
      const domains = Object.keys(score.byDomain).sort((a, b) => order.indexOf(a) - order.indexOf(b));
      const titles = Object.fromEntries(all.map((q) => [q.domain, q.domainTitle]));
      results.appendChild(resultsTable("Results by 2020 domain", "Domain",
        domains.map((d) => [titles[d], score.byDomain[d], { "data-sg-domain-result": titles[d] }])));
    }
    results.appendChild(el("h3", { id: "sg-quiz-revisit" }, ["Sections to revisit"]));
    results.appendChild(revisitList(asked, score));
    const left = mistakeIds().length;
    results.appendChild(el("p", { "data-sg-mistakes-left": "" }, [left
      ? `${left} question${left === 1 ? "" : "s"} to review from your mistakes so far (choose "Review mistakes" to redo them).`
      : "No mistakes left to review."]));
    results.appendChild(el("p", {}, [
      el("button", { type: "button", class: "md-button md-button--primary", "data-sg-quiz-restart": "" }, ["Take another quiz"]),
    ]));
  }

  quiz.addEventListener("click", (event) => {
    if (!event.target.closest("[data-sg-quiz-restart]")) return;
    stopTimer();
    run.textContent = "";
    show("setup");
    showMistakeCount();
    pool.focus();
  });

  showMistakeCount();
  setup.querySelectorAll("[data-sg-js-only]").forEach((node) => { node.hidden = false; });
}
