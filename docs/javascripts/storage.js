// The one place that reads and writes what the study tools keep in this browser: one
// localStorage key per site, holding the versioned state of core/state.js (older versions are
// migrated on read). Other modules call read() and update(); a change fires "sg-study-change".
import { migrate } from "./core/state.js";

// One key per site (path), as Material scopes its own keys.
export const KEY = "sg-progress:" + (window.__md_scope ? window.__md_scope.pathname : "/");

export function read() {
  try {
    return migrate(JSON.parse(localStorage.getItem(KEY) || "null"));
  } catch (e) {
    return migrate(null);
  }
}

export function write(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(migrate(state)));
  } catch (e) { /* storage full or disabled: the change lasts for this page only */ }
  document.dispatchEvent(new CustomEvent("sg-study-change"));
}

// Apply `change` (state -> new state) to the stored state and store the result.
export function update(change) {
  const next = change(read());
  write(next);
  return next;
}

// Another tab changed the state: tell this page too.
window.addEventListener("storage", (event) => {
  if (event.key === KEY) document.dispatchEvent(new CustomEvent("sg-study-change"));
});
