// Flashcards. The build renders the glossary as a definition list (dl[data-sg-cards-deck]) that
// reads well without JavaScript; this script turns it into one card at a time: term on the
// front; on the back the term, its short definition and the detail. Click the card, Enter or Space flips it; the arrow keys (or the
// buttons) move to the previous or next card; the deck can be shuffled and filtered by exam
// domain. A polite live region says which card is shown. Re-bound after each instant
// navigation through Material's document$.
(function () {
  "use strict";

  var shuffle = window.studyTools.shuffle;

  function bindDeck(root) {
    var controls = root.querySelector("[data-sg-cards-controls]");
    var deck = root.querySelector("[data-sg-cards-deck]");
    var stage = root.querySelector("[data-sg-cards-stage]");
    var status = root.querySelector("[data-sg-cards-status]");
    var count = root.querySelector("[data-sg-cards-count]");
    var filter = root.querySelector("#sg-cards-domain");
    var all = Array.prototype.map.call(deck.querySelectorAll("[data-sg-card]"), function (card) {
      return {
        term: card.querySelector(".sg-card__term").textContent.trim(),
        definition: card.querySelector(".sg-card__definition").innerHTML,
        domains: (card.getAttribute("data-sg-domains") || "").split(" "),
      };
    });
    var cards = all.slice();
    var index = 0;
    var flipped = false;

    var view = document.createElement("div");
    view.className = "sg-card-view";
    view.tabIndex = 0;
    view.setAttribute("role", "group");
    view.setAttribute("aria-roledescription", "flashcard");
    var front = document.createElement("div");
    front.className = "sg-card-view__front";
    var back = document.createElement("div");
    back.className = "sg-card-view__back";
    view.appendChild(front);
    view.appendChild(back);
    stage.appendChild(view);

    function announce(message) {
      status.textContent = message;
    }

    function show(message, quiet) {
      var card = cards[index];
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
      view.setAttribute("aria-label", "Card " + (index + 1) + " of " + cards.length + ", " + (flipped ? "definition" : "term"));
      front.textContent = "";
      var term = document.createElement("p");
      term.className = "sg-card-view__term";
      term.textContent = card.term;
      front.appendChild(term);
      // The back says which term it defines, then what the term is, then the detail.
      back.innerHTML = card.definition;
      var backTerm = document.createElement("p");
      backTerm.className = "sg-card-view__back-term";
      backTerm.textContent = card.term;
      back.insertBefore(backTerm, back.firstChild);
      front.hidden = flipped;
      back.hidden = !flipped;
      count.textContent = "Card " + (index + 1) + " of " + cards.length + (flipped ? " · definition" : " · term");
      var where = "Card " + (index + 1) + " of " + cards.length + ": ";
      if (!quiet) announce(message || (flipped ? where + "definition of " + card.term + ". " + definitionText()
        : where + card.term + ". Flip to see the definition."));
    }

    // The definition as plain text, without the term (already announced) or the entry link.
    function definitionText() {
      var copy = back.cloneNode(true);
      copy.querySelectorAll(".sg-card__more, .sg-card-view__back-term").forEach(function (el) { el.remove(); });
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

    view.addEventListener("click", function (event) {
      if (!event.target.closest("a")) flip();
    });
    view.addEventListener("keydown", function (event) {
      if (event.target !== view) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        flip();
      }
    });
    // Arrow keys anywhere in the controls except the domain list, which uses them itself.
    controls.addEventListener("keydown", function (event) {
      if (event.target === filter || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        move(event.key === "ArrowRight" ? 1 : -1);
      }
    });
    root.querySelector("[data-sg-cards=flip]").addEventListener("click", flip);
    root.querySelector("[data-sg-cards=next]").addEventListener("click", function () { move(1); });
    root.querySelector("[data-sg-cards=previous]").addEventListener("click", function () { move(-1); });
    root.querySelector("[data-sg-cards=shuffle]").addEventListener("click", function () {
      shuffle(cards);
      index = 0;
      flipped = false;
      show(cards.length ? "Deck shuffled. Card 1 of " + cards.length + ": " + cards[0].term + "." : undefined);
    });
    filter.addEventListener("change", function () {
      var domain = filter.value;
      cards = all.filter(function (card) { return !domain || card.domains.indexOf(domain) !== -1; });
      index = 0;
      flipped = false;
      var label = filter.options[filter.selectedIndex].textContent.replace(/\s*\(\d+( cards)?\)$/, "");
      show(cards.length ? label + ": " + cards.length + " cards. Card 1 of " + cards.length + ": " + cards[0].term + "." : undefined);
    });

    deck.hidden = true;
    controls.hidden = false;
    show(undefined, true);  // nothing to announce before the reader acts
  }

  function bind() {
    document.querySelectorAll("[data-sg-flashcards]").forEach(bindDeck);
  }

  document$.subscribe(bind);
})();
