// Study progress: which exam objectives the reader has marked as studied.
// Kept in localStorage (this browser only). A "Mark as studied" checkbox is added under every
// objective heading (h2#obj-N-M) of a domain page; the home page shows the bars that the build
// rendered (role=progressbar) and offers export, import and reset.
// document$ is Material's observable: it fires on the first load and after every instant
// navigation, when the page content has been replaced, so everything is bound again there.
(function () {
  "use strict";

  var FORMAT = "pmle-study-guide-progress";
  var OBJECTIVE_ID = /^obj-(\d+)-(\d+)$/;
  var NUMBER = /^\d+\.\d+$/;
  // One key per site (path), as Material scopes its own keys.
  var KEY = "sg-progress:" + (window.__md_scope ? window.__md_scope.pathname : "/");

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "{}");
      var list = Array.isArray(data.studied) ? data.studied.filter(function (n) { return NUMBER.test(n); }) : [];
      return new Set(list);
    } catch (e) {
      return new Set();
    }
  }

  function save(studied) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ version: 1, studied: Array.from(studied).sort(compare) }));
    } catch (e) { /* storage full or disabled: progress lasts for this page only */ }
  }

  function compare(a, b) {
    var x = a.split("."), y = b.split(".");
    return (x[0] - y[0]) || (x[1] - y[1]);
  }

  // Domain pages: one checkbox after each objective heading.
  function addCheckboxes(root, studied) {
    root.querySelectorAll("h2[id]").forEach(function (heading) {
      var match = OBJECTIVE_ID.exec(heading.id);
      if (!match || (heading.nextElementSibling && heading.nextElementSibling.classList.contains("sg-studied"))) return;
      var number = match[1] + "." + match[2];
      var wrapper = document.createElement("p");
      wrapper.className = "sg-studied";
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("data-sg-objective", number);
      box.checked = studied.has(number);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" Mark " + number + " as studied"));
      wrapper.appendChild(label);
      heading.insertAdjacentElement("afterend", wrapper);
      box.addEventListener("change", function () {
        var now = load();
        if (box.checked) now.add(number); else now.delete(number);
        save(now);
        refresh(document);
      });
    });
  }

  // Home page: fill each bar from the stored progress.
  function updateBars(root, studied) {
    root.querySelectorAll("[role=progressbar][data-sg-objectives]").forEach(function (bar) {
      var numbers = bar.getAttribute("data-sg-objectives").split(" ").filter(Boolean);
      var done = numbers.filter(function (n) { return studied.has(n); }).length;
      var percent = numbers.length ? Math.round((done / numbers.length) * 100) : 0;
      bar.setAttribute("aria-valuenow", String(done));
      bar.setAttribute("aria-valuetext", done + " of " + numbers.length + " objectives studied (" + percent + " %)");
      var fill = bar.querySelector(".sg-progress__fill");
      if (fill) fill.style.width = percent + "%";
      var count = bar.parentElement.querySelector(".sg-progress__count");
      if (count) count.textContent = done + "/" + numbers.length;
    });
  }

  function refresh(root) {
    var studied = load();
    root.querySelectorAll("input[data-sg-objective]").forEach(function (box) {
      box.checked = studied.has(box.getAttribute("data-sg-objective"));
    });
    updateBars(root, studied);
  }

  function knownObjectives(panel) {
    var all = panel.querySelector("[data-sg-domain='*']");
    return new Set(all ? all.getAttribute("data-sg-objectives").split(" ").filter(Boolean) : []);
  }

  // Returns the list of studied objectives in an export file, or throws an Error whose message
  // tells the reader what is wrong with the file.
  function parseExport(text, known) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new Error("This file is not a progress export: it is not valid JSON.");
    }
    if (!data || typeof data !== "object" || data.format !== FORMAT || !Array.isArray(data.studied)) {
      throw new Error("This file is not a progress export from this guide (expected \"format\": \"" + FORMAT + "\" and a \"studied\" list).");
    }
    var unknown = data.studied.filter(function (n) { return typeof n !== "string" || !known.has(n); });
    if (unknown.length) {
      throw new Error("This file lists objectives this guide does not have: " + unknown.slice(0, 5).join(", ") + ". Nothing was imported.");
    }
    return data.studied;
  }

  function bindPanel(panel) {
    var status = panel.querySelector("[role=status]");
    var fileInput = panel.querySelector("[data-sg-import-file]");
    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("sg-progress__status--error", Boolean(isError));
    }
    panel.querySelector("[data-sg-action=export]").addEventListener("click", function () {
      var studied = Array.from(load()).sort(compare);
      var data = { format: FORMAT, version: 1, exported: new Date().toISOString(), studied: studied };
      var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }));
      // Not attached to the document, so that Material's instant navigation never sees the click.
      var link = document.createElement("a");
      link.href = url;
      link.download = "pmle-study-progress.json";
      link.click();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      say("Exported " + studied.length + " studied objectives to pmle-study-progress.json.");
    });
    panel.querySelector("[data-sg-action=import]").addEventListener("click", function () {
      fileInput.value = "";
      fileInput.click();
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var studied = parseExport(text, knownObjectives(panel));
        save(new Set(studied));
        refresh(document);
        say("Imported " + studied.length + " studied objectives from " + file.name + ".");
      }).catch(function (error) {
        say("Could not import " + file.name + ". " + error.message, true);
      });
    });
    panel.querySelector("[data-sg-action=reset]").addEventListener("click", function () {
      var count = load().size;
      if (!window.confirm("Reset your progress? This clears all " + count + " objectives marked as studied in this browser.")) {
        say("Progress kept.");
        return;
      }
      save(new Set());
      refresh(document);
      say("Progress reset: no objective is marked as studied.");
    });
    panel.hidden = false;
  }

  function bind() {
    var studied = load();
    var content = document.querySelector(".md-content") || document;
    addCheckboxes(content, studied);
    content.querySelectorAll("[data-sg-progress]").forEach(bindPanel);
    updateBars(content, studied);
  }

  // Another tab changed the progress: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) refresh(document);
  });

  document$.subscribe(bind);
})();
