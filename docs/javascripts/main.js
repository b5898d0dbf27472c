// Entry point of the study tools (an ES module, deferred). Progress checkboxes go on every
// teaching page; the quiz and the flashcards load only on the pages that have them. Material's
// document$ fires on the first load and after every instant navigation, when the content has
// been replaced, so everything is bound again there.
import { GLOSSARY, watchEntryLinks } from "./glossary-entry.js";
import { mount as mountPalette } from "./palette.js";
import { mount as mountProgress } from "./progress.js";

// [marker, module]: the module's mount(root) runs for every element the marker selects.
const TOOLS = [
  ["[data-sg-quiz]", () => import("./quiz.js")],
  ["[data-sg-flashcards]", () => import("./flashcards.js")],
  ["article.md-content__inner", () => import("./glossary-popover.js")],
  [GLOSSARY, () => import("./glossary-entry.js")],
  ["a.glightbox", () => import("./lightbox.js")],
];

watchEntryLinks();
mountPalette(document.querySelector("form[data-sg-palette]"));

document$.subscribe(() => {
  const content = document.querySelector(".md-content") || document.body;
  mountProgress(content);
  const mounted = [];
  for (const [marker, load] of TOOLS) {
    content.querySelectorAll(marker).forEach((root) => mounted.push(load().then((module) => module.mount(root))));
  }
  // <html data-sg-ready>: the page's tools are bound (the browser tests wait for it after a load).
  Promise.all(mounted).then(() => document.documentElement.setAttribute("data-sg-ready", ""));
});
