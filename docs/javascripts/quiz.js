// Practice quiz. The build renders the whole bank as collapsible questions and answers
// (ol[data-sg-quiz-bank]); this script reads the questions from there, draws N of them from one
// domain or all, asks them as radio groups, then shows the score, the results per domain and the
// sections to revisit. Re-bound after each instant navigation through Material's document$.
(function () {
  "use strict";

  var shuffle = window.studyTools.shuffle;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function percent(right, total) {
    return total ? Math.round((right / total) * 100) : 0;
  }

  function bindQuiz(quiz) {
    var setup = quiz.querySelector("[data-sg-quiz-setup]");
    var run = quiz.querySelector("[data-sg-quiz-run]");
    var results = quiz.querySelector("[data-sg-quiz-results]");
    var bank = quiz.querySelector("[data-sg-quiz-bank]");
    var items = Array.prototype.slice.call(bank.querySelectorAll("[data-sg-id]"));
    var count = setup.elements.count;
    var asked = [];

    function pool() {
      var domain = setup.elements.domain.value;
      return items.filter(function (item) { return !domain || item.getAttribute("data-sg-domain") === domain; });
    }

    setup.elements.domain.addEventListener("change", function () {
      var size = pool().length;
      count.max = String(size);
      if (Number(count.value) > size) count.value = String(size);
    });

    setup.addEventListener("submit", function (event) {
      event.preventDefault();
      var available = pool();
      var wanted = Math.max(1, Math.min(Number(count.value) || 1, available.length));
      asked = shuffle(available.slice()).slice(0, wanted);
      renderRun();
    });

    function renderRun() {
      run.textContent = "";
      var intro = el("p", { class: "sg-quiz__intro", tabindex: "-1" },
        [asked.length + " question" + (asked.length === 1 ? "" : "s") + ". Choose one answer for each, then check your answers."]);
      var list = el("ol", { class: "sg-quiz__list" });
      asked.forEach(function (item, index) {
        var id = item.getAttribute("data-sg-id");
        // A short legend, read with every option; the scenario is the group's description.
        var prompt = el("p", { class: "sg-quiz__prompt", id: "sg-run-" + id + "-prompt" });
        prompt.innerHTML = item.querySelector(".sg-quiz__stem").innerHTML;
        var fieldset = el("fieldset", { class: "sg-quiz__fieldset", "data-sg-id": id, "aria-describedby": prompt.id }, [
          el("legend", {}, ["Question " + (index + 1) + " of " + asked.length]), prompt,
        ]);
        item.querySelectorAll("[data-sg-option]").forEach(function (option) {
          var key = option.getAttribute("data-sg-option");
          var inputId = "sg-run-" + id + "-" + key;
          var label = el("label", { for: inputId }, [key + ". "]);
          label.insertAdjacentHTML("beforeend", option.querySelector(".sg-quiz__text").innerHTML);
          fieldset.appendChild(el("div", { class: "sg-quiz__choice" }, [
            el("input", { type: "radio", name: "sg-run-" + id, id: inputId, value: key }), label,
          ]));
        });
        list.appendChild(el("li", { class: "sg-quiz__asked" }, [fieldset, el("div", { class: "sg-quiz__feedback", hidden: "" })]));
      });
      var actions = el("p", { class: "sg-quiz__actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary" }, ["Check answers"]), " ",
        el("button", { type: "button", class: "md-button", "data-sg-quiz-restart": "" }, ["Start again"]),
      ]);
      run.appendChild(intro);
      run.appendChild(list);
      run.appendChild(actions);
      setup.hidden = true;
      bank.hidden = true;
      results.hidden = true;
      run.hidden = false;
      intro.focus();
    }

    run.addEventListener("submit", function (event) {
      event.preventDefault();
      var right = 0;
      var byDomain = {};
      var revisit = [];
      asked.forEach(function (item, index) {
        var id = item.getAttribute("data-sg-id");
        var answer = item.getAttribute("data-sg-answer");
        var chosen = run.querySelector("input[name='sg-run-" + id + "']:checked");
        var correct = Boolean(chosen) && chosen.value === answer;
        var domain = item.getAttribute("data-sg-domain-title");
        byDomain[domain] = byDomain[domain] || { right: 0, total: 0 };
        byDomain[domain].total += 1;
        if (correct) { right += 1; byDomain[domain].right += 1; }
        var link = item.querySelector(".sg-quiz__learn-more a");
        if (!correct && link) {
          var known = revisit.filter(function (r) { return r.href === link.getAttribute("href"); })[0];
          if (known) known.questions.push(index + 1);
          else revisit.push({ href: link.getAttribute("href"), title: link.textContent, questions: [index + 1] });
        }
        var fieldset = run.querySelector("fieldset[data-sg-id='" + id + "']");
        fieldset.disabled = true;
        fieldset.classList.add(correct ? "sg-quiz--right" : "sg-quiz--wrong");
        var feedback = fieldset.nextElementSibling;
        feedback.textContent = "";
        feedback.appendChild(el("p", { class: "sg-quiz__verdict" }, [
          correct ? "Correct: " + answer + "." : (chosen ? "Not quite: you chose " + chosen.value + "; the answer is " + answer + "."
            : "Not answered: the answer is " + answer + "."),
        ]));
        feedback.appendChild(item.querySelector(".sg-quiz__why").cloneNode(true));
        feedback.appendChild(item.querySelector(".sg-quiz__learn-more").cloneNode(true));
        feedback.hidden = false;
      });
      run.querySelector("button[type=submit]").hidden = true;
      renderResults(right, byDomain, revisit);
    });

    function renderResults(right, byDomain, revisit) {
      results.textContent = "";
      results.appendChild(el("h2", { id: "sg-quiz-score" },
        ["Your score: " + right + " of " + asked.length + " (" + percent(right, asked.length) + " %)"]));
      var body = el("tbody");
      // Domains in exam order, as the set-up list offers them.
      var order = items.map(function (item) { return item.getAttribute("data-sg-domain-title"); });
      Object.keys(byDomain).sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); }).forEach(function (domain) {
        var r = byDomain[domain];
        body.appendChild(el("tr", { "data-sg-domain-result": domain }, [
          el("th", { scope: "row" }, [domain]), el("td", {}, [String(r.right)]), el("td", {}, [String(r.total)]),
          el("td", {}, [percent(r.right, r.total) + " %"]),
        ]));
      });
      // No class: Material styles only plain tables.
      results.appendChild(el("table", { "data-sg-quiz-by-domain": "" }, [
        el("caption", {}, ["Results by domain"]),
        el("thead", {}, [el("tr", {}, [
          el("th", { scope: "col" }, ["Domain"]), el("th", { scope: "col" }, ["Right"]),
          el("th", { scope: "col" }, ["Questions"]), el("th", { scope: "col" }, ["Score"]),
        ])]),
        body,
      ]));
      results.appendChild(el("h3", { id: "sg-quiz-revisit" }, ["Sections to revisit"]));
      if (revisit.length) {
        results.appendChild(el("ul", { class: "sg-quiz__revisit", "aria-labelledby": "sg-quiz-revisit" }, revisit.map(function (r) {
          return el("li", {}, [el("a", { href: r.href }, [r.title]),
            " (question" + (r.questions.length === 1 ? " " : "s ") + r.questions.join(", ") + ")"]);
        })));
      } else {
        results.appendChild(el("p", {}, ["None: every answer was right."]));
      }
      results.appendChild(el("p", {}, [
        el("button", { type: "button", class: "md-button md-button--primary", "data-sg-quiz-restart": "" }, ["Take another quiz"]),
      ]));
      results.hidden = false;
      results.focus();
    }

    quiz.addEventListener("click", function (event) {
      if (!event.target.closest("[data-sg-quiz-restart]")) return;
      run.hidden = true;
      results.hidden = true;
      run.textContent = "";
      setup.hidden = false;
      bank.hidden = false;
      setup.elements.domain.focus();
    });

    setup.hidden = false;
  }

  function bind() {
    document.querySelectorAll("[data-sg-quiz]").forEach(bindQuiz);
  }

  document$.subscribe(bind);
})();
