// Study progress: which exam objectives the reader has marked as studied.
// Kept in localStorage (this browser only). A "Mark as studied" checkbox is added under every
// objective heading (h2#obj-N-M, #gen-N-M, #plat-N-M) of a teaching page; the home page shows the bars that the build
// rendered (role=progressbar) and offers export, import and reset.
// document$ is Material's observable: it fires on the first load and after every instant
// navigation, when the page content has been replaced, so everything is bound again there.
(function () {
  "use strict";

  var FORMAT = "pmle-study-guide-progress";
  // Objective headings: 2020 domains (#obj-1-1 -> "1.1"), today's exam parts
  // (#gen-1-1 -> "G1.1" generative AI, #plat-1-1 -> "P1.1" platform).
  var OBJECTIVE_ID = /^(obj|gen|plat)-(\d+)-(\d+)$/;
  var PART_PREFIX = { obj: "", gen: "G", plat: "P" };
  // Sub-objectives of the June 2026 guide (#guide-2026-4-1 on its map page) -> "2026-4.1".
  var GUIDE_ID = /^guide-2026-(\d+)-(\d+)$/;
  var NUMBER = /^(?:[GP]|2026-)?\d+\.\d+$/;
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

  // 2020 objectives first, then June 2026 sub-objectives, then G, then P; numerically within each.
  function prefixOf(n) { return (/^(?:[GP]|2026-)/.exec(n) || [""])[0]; }
  function compare(a, b) {
    var pa = prefixOf(a), pb = prefixOf(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    var x = a.slice(pa.length).split("."), y = b.slice(pb.length).split(".");
    return (x[0] - y[0]) || (x[1] - y[1]);
  }

  // The progress key of an objective heading, or null.
  function numberOf(heading) {
    var match = heading.tagName === "H2" && OBJECTIVE_ID.exec(heading.id);
    if (match) return PART_PREFIX[match[1]] + match[2] + "." + match[3];
    match = heading.tagName === "H3" && GUIDE_ID.exec(heading.id);
    return match ? "2026-" + match[1] + "." + match[2] : null;
  }

  // Teaching pages and the guide map: one checkbox after each objective heading.
  function addCheckboxes(root, studied) {
    root.querySelectorAll("h2[id], h3[id]").forEach(function (heading) {
      var number = numberOf(heading);
      if (!number || (heading.nextElementSibling && heading.nextElementSibling.classList.contains("sg-studied"))) return;
      var wrapper = document.createElement("p");
      wrapper.className = "sg-studied";
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("data-sg-objective", number);
      box.checked = studied.has(number);
      label.appendChild(box);
      var shown = number.indexOf("2026-") === 0 ? "June 2026 sub-objective " + number.slice(5) : number;
      label.appendChild(document.createTextNode(" Mark " + shown + " as studied"));
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
      var unit = bar.getAttribute("data-sg-unit") || "objectives";
      bar.setAttribute("aria-valuetext", done + " of " + numbers.length + " " + unit + " studied (" + percent + " %)");
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

  // Every key the guide has: the "All ..." rows (data-sg-domain "*" and "*2026") list them.
  function knownObjectives(panel) {
    var known = new Set();
    panel.querySelectorAll("[data-sg-domain^='*']").forEach(function (row) {
      row.getAttribute("data-sg-objectives").split(" ").filter(Boolean).forEach(function (n) { known.add(n); });
    });
    return known;
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
