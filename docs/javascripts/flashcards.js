// Flashcards with spaced repetition. The build renders the glossary as a definition list
// (dl[data-sg-cards-deck]) that reads well without JavaScript; this module shows one card at a
// time: the term on the front; on the back the term, its short definition and the detail.
// "Know it" moves a card up a Leitner box, "Again" sends it back to box 1 (core/leitner.js); the
// boxes are kept in the browser (storage.js), due cards come first, and the domain list says
// how many cards of each domain are due. Click the card, Enter or Space flips it; the arrow keys
// (or the buttons) move through the deck. A polite live region says which card is shown.
import { review, studyOrder, dueCount, isDue } from "./core/leitner.js";
import { shuffle } from "./core/exam.js";
import { read, update } from "./storage.js";

export function mount(root) {
  if (root.hasAttribute("data-sg-bound")) return;
  root.setAttribute("data-sg-bound", "");
  const controls = root.querySelector("[data-sg-cards-controls]");
  const deck = root.querySelector("[data-sg-cards-deck]");
  const stage = root.querySelector("[data-sg-cards-stage]");
  const status = root.querySelector("[data-sg-cards-status]");
  const count = root.querySelector("[data-sg-cards-count]");
  const dueLine = root.querySelector("[data-sg-cards-due]");
  const filter = root.querySelector("#sg-cards-domain");
  const all = Array.from(deck.querySelectorAll("[data-sg-card]"), (card) => ({
    id: card.getAttribute("data-sg-card"),
    term: card.querySelector(".sg-card__term").textContent.trim(),
    definition: card.querySelector(".sg-card__definition").innerHTML,
    domains: (card.getAttribute("data-sg-domains") || "").split(" "),
  }));
  const byId = new Map(all.map((c) => [c.id, c]));
  let cards = [];
  let index = 0;
  let flipped = false;

  const view = document.createElement("div");
  view.className = "sg-card-view";
  view.tabIndex = 0;
  view.setAttribute("role", "group");
  view.setAttribute("aria-roledescription", "flashcard");
  const front = document.createElement("div");
  front.className = "sg-card-view__front";
  const back = document.createElement("div");
  back.className = "sg-card-view__back";
  view.append(front, back);
  stage.textContent = "";
  stage.appendChild(view);

  const announce = (message) => { status.textContent = message; };
  const schedule = () => read().cards;

  function inFilter(card) {
    return !filter.value || card.domains.includes(filter.value);
  }

  // Due counts in the domain list and above the card.
  function showDue() {
    const now = Date.now();
    const cardsNow = schedule();
    Array.from(filter.options).forEach((option) => {
      const ids = all.filter((c) => !option.value || c.domains.includes(option.value)).map((c) => c.id);
      const label = option.getAttribute("data-sg-label") || option.textContent.replace(/\s*\(.*\)$/, "");
      option.setAttribute("data-sg-label", label);
      option.textContent = `${label} (${dueCount(ids, cardsNow, now)} due of ${ids.length})`;
    });
    const ids = all.filter(inFilter).map((c) => c.id);
    const due = dueCount(ids, cardsNow, now);
    dueLine.textContent = due ? `${due} card${due === 1 ? "" : "s"} due in this deck; due cards come first.`
      : "No card due in this deck: come back later, or keep going through the cards not yet due.";
  }

  // The deck in study order: due cards first.
  function order() {
    const ids = studyOrder(all.filter(inFilter).map((c) => c.id), schedule(), Date.now());
    cards = ids.map((id) => byId.get(id));
    index = 0;
    flipped = false;
  }

  function show(message, quiet) {
    const card = cards[index];
    view.classList.toggle("sg-card-view--flipped", flipped);
    if (!card) {
      view.setAttribute("aria-label", "No card");
      count.textContent = "";
      front.textContent = "No card for this domain.";
      back.hidden = true;
      front.hidden = false;
      if (!quiet) announce("No card for this domain.");
      return;
    }
    const entry = schedule()[card.id];
    const box = entry ? `box ${entry.box}` : "new";
    const due = isDue(entry, Date.now()) ? "due" : "not due yet";
    view.setAttribute("aria-label", `Card ${index + 1} of ${cards.length}, ${flipped ? "definition" : "term"}`);
    front.textContent = "";
    const term = document.createElement("p");
    term.className = "sg-card-view__term";
    term.textContent = card.term;
    front.appendChild(term);
    // The back says which term it defines, then what the term is, then the detail.
    back.innerHTML = card.definition;
    const backTerm = document.createElement("p");
    backTerm.className = "sg-card-view__back-term";
    backTerm.textContent = card.term;
    back.insertBefore(backTerm, back.firstChild);
    front.hidden = flipped;
    back.hidden = !flipped;
    count.textContent = `Card ${index + 1} of ${cards.length} · ${flipped ? "definition" : "term"} · ${box}, ${due}`;
    const where = `Card ${index + 1} of ${cards.length}: `;
    if (!quiet) announce(message || (flipped ? `${where}definition of ${card.term}. ${definitionText()}`
      : `${where}${card.term}. Flip to see the definition.`));
  }

  // The definition as plain text, without the term (already announced) or the entry link.
  function definitionText() {
    const copy = back.cloneNode(true);
    copy.querySelectorAll(".sg-card__more, .sg-card-view__back-term").forEach((node) => node.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function flip() {
    if (!cards.length) return;
    flipped = !flipped;
    show();
  }

  function move(step) {
    if (!cards.length) return;
    index = (index + step + cards.length) % cards.length;
    flipped = false;
    show();
  }

  // "Know it" or "Again": schedule the card, then show the next one.
  function grade(knew) {
    const card = cards[index];
    if (!card) return;
    const now = Date.now();
    const next = update((state) => ({ ...state, cards: { ...state.cards, [card.id]: review(state.cards[card.id], knew, now) } }));
    const entry = next.cards[card.id];
    showDue();
    const when = knew ? `in box ${entry.box}, due again in ${Math.round((entry.due - now) / 86400000)} day${entry.box === 1 ? "" : "s"}`
      : "back in box 1, due again now";
    if (!knew) cards.push(cards.splice(index, 1)[0]); // see it again at the end of this round
    else index += 1;
    if (index >= cards.length) index = 0;
    flipped = false;
    const nextCard = cards[index];
    show(`${card.term}: ${when}. ` + (nextCard ? `Card ${index + 1} of ${cards.length}: ${nextCard.term}.` : ""));
  }

  view.addEventListener("click", (event) => {
    if (!event.target.closest("a")) flip();
  });
  view.addEventListener("keydown", (event) => {
    if (event.target !== view) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      flip();
    }
  });
  // Arrow keys anywhere in the controls except the domain list, which uses them itself.
  controls.addEventListener("keydown", (event) => {
    if (event.target === filter || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      move(event.key === "ArrowRight" ? 1 : -1);
    }
  });
  const on = (name, fn) => root.querySelector(`[data-sg-cards=${name}]`).addEventListener("click", fn);
  on("flip", flip);
  on("next", () => move(1));
  on("previous", () => move(-1));
  on("know", () => grade(true));
  on("again", () => grade(false));
  on("shuffle", () => {
    cards = shuffle(cards);
    index = 0;
    flipped = false;
    show(cards.length ? `Deck shuffled. Card 1 of ${cards.length}: ${cards[0].term}.` : undefined);
  });
  on("reset", () => {
    if (!window.confirm("Reset the flashcard boxes? Every card becomes new and due again.")) return;
    update((state) => ({ ...state, cards: {} }));
    showDue();
    order();
    show("Flashcard boxes reset: every card is new and due.");
  });
  filter.addEventListener("change", () => {
    order();
    showDue();
    const label = filter.options[filter.selectedIndex].getAttribute("data-sg-label");
    show(cards.length ? `${label}: ${cards.length} cards. Card 1 of ${cards.length}: ${cards[0].term}.` : undefined);
  });

  deck.hidden = true;
  controls.hidden = false;
  order();
  showDue();
  show(undefined, true); // nothing to announce before the reader acts
}
