// Accessibility fixes that need the rendered page.
// Task-list checkboxes (pymdownx.tasklist) have no label: name each after its item text.
// document$ is Material's observable; it fires on first load and after every instant navigation.
document$.subscribe(function () {
  document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])").forEach(function (box) {
    var item = box.closest(".task-list-item");
    box.setAttribute("aria-label", item ? item.textContent.trim() : "Task");
  });
});

// GLightbox (mkdocs-glightbox) adds its dialog to <body> without an accessible name: give it one.
new MutationObserver(function () {
  var dialog = document.getElementById("glightbox-body");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Enlarged diagram");
}).observe(document.body, { childList: true });
