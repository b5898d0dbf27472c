// The colour palette toggle in the header (overrides/partials/palette.html), in place of
// Material's palette component. The header stays across instant navigation: mounted once.
// The choice is kept where Material keeps it (its "__palette" entry, through __md_get and
// __md_set), so that Material's inline script applies it before the first paint of every page.
import { FOLLOW_SYSTEM, bodyColours, nextIndex, startIndex } from "./core/palette.js";

export function mount(form) {
  if (!form || form.hasAttribute("data-sg-bound")) return;
  form.setAttribute("data-sg-bound", "");
  const inputs = [...form.querySelectorAll("input[type=radio]")];
  const options = inputs.map((input) => ({
    media: input.getAttribute("data-md-color-media"),
    scheme: input.getAttribute("data-md-color-scheme"),
    primary: input.getAttribute("data-md-color-primary"),
    accent: input.getAttribute("data-md-color-accent"),
  }));
  const light = matchMedia("(prefers-color-scheme: light)");
  const themeColour = document.createElement("meta");
  themeColour.name = "theme-color";  // a phone's browser bar takes the header's colour
  document.head.appendChild(themeColour);
  const paintBar = () => {
    const header = document.querySelector(".md-header");
    if (header) themeColour.content = getComputedStyle(header).backgroundColor;
  };
  let current = startIndex(window.__md_get("__palette"), inputs.length);

  function apply(index, { switching }) {
    current = index;
    const colours = bodyColours(options, index, light.matches);
    const body = document.body;
    const changes = Object.entries(colours).filter(([key, value]) => body.getAttribute(`data-md-color-${key}`) !== value);
    // Material's stylesheet turns transitions off under this attribute, so that the whole page
    // changes colour at once.
    if (switching && changes.length) body.setAttribute("data-md-color-switching", "");
    for (const [key, value] of changes) body.setAttribute(`data-md-color-${key}`, value);
    inputs.forEach((input, i) => {
      input.checked = i === index;
      const label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    window.__md_set("__palette", { index, color: colours });
    if (switching && changes.length) {
      requestAnimationFrame(() => {
        body.removeAttribute("data-md-color-switching");
        paintBar();
      });
    }
  }

  // Only what differs from the page as painted is changed: on most loads, nothing.
  apply(current, { switching: false });
  // Reading a computed style costs a style pass: wait until the page is idle.
  (window.requestIdleCallback || setTimeout)(paintBar);
  inputs.forEach((input, i) => input.addEventListener("change", () => {
    if (input.checked) apply(i, { switching: true });
  }));
  // Enter on the focused option moves to the next one, as Material's toggle did.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const next = nextIndex(current, inputs.length);
    apply(next, { switching: true });
    inputs[next].focus();
  });
  light.addEventListener("change", () => {
    if (options[current].media === FOLLOW_SYSTEM) apply(current, { switching: true });
  });
}
