// Landing on a glossary entry (/glossary/#id), after a load or an instant navigation. The letter
// groups are drawn only near the viewport (content-visibility: auto) and reserve an estimated
// height until then, so a jump to an entry could land off it or, on a busy phone, not happen at
// all: the page stayed at the top, and Material's anchor tracking then dropped the hash. So the
// entry a link led to is remembered when the link is followed; on the glossary page the letters
// up to the entry's are drawn (everything above it then has its real height), the entry is
// brought into view unless it is already, and the address names it again.
const LETTER = ".glossary-letter";
const DRAWN = "glossary-letter--drawn";
const ENTRY_LINK = 'a[href*="glossary/#"]';
export const GLOSSARY = "article .glossary-az"; // the letter links: only the glossary page has them

let followed = null; // URL of the last entry link followed, until the glossary page shows it

// Once per window (instant navigation keeps it): note every followed link to an entry (bubbling,
// so a tap that only opens the definition popover, which stops the click, is not noted), and
// show the entry a jump within the glossary page lands on.
export function watchEntryLinks() {
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(ENTRY_LINK) : null;
    if (link) followed = new URL(link.href, location.href);
  });
  window.addEventListener("hashchange", () => {
    const az = document.querySelector(GLOSSARY);
    if (az) showEntry(articleOf(az), location.hash);
  });
}

export function mount(az) {
  const wanted = followed && followed.pathname === location.pathname ? followed.hash : location.hash;
  followed = null;
  showEntry(articleOf(az), wanted);
}

function articleOf(az) {
  return az.closest("article") || document.body;
}

function showEntry(article, hash) {
  let target = null;
  try {
    target = document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return; // a malformed hash names no entry
  }
  const letter = target && target.closest(LETTER);
  if (!letter || !article.contains(letter)) return;
  for (const group of article.querySelectorAll(LETTER)) {
    group.classList.add(DRAWN);
    if (group === letter) break;
  }
  nameInAddress(hash);
  requestAnimationFrame(() => {
    if (!inView(target)) target.scrollIntoView();
    keepNaming(target, hash);
  });
}

function inView(target) {
  const { top, bottom } = target.getBoundingClientRect();
  return top >= 0 && bottom <= window.innerHeight;
}

function nameInAddress(hash) {
  if (location.hash !== hash) history.replaceState(history.state, "", hash);
}

// Material's anchor tracking answers a scroll (ours, or the page settling as letters are drawn)
// 250 ms later, or seconds on a busy phone, with the letter heading above the entry (#letter-x
// for #xgboost): while the entry stays in view in the next few seconds, the address is set back.
// One watch at a time: a second jump within those seconds ends the first one's, which would
// otherwise rewrite the address at every frame too while its entry stays in view.
const KEEP_MS = 5000;
let keeping = 0; // the landing whose watch runs

function keepNaming(target, hash) {
  const landing = ++keeping;
  const until = performance.now() + KEEP_MS;
  const check = (now) => {
    if (landing !== keeping || !target.isConnected || !inView(target)) return;
    nameInAddress(hash);
    if (now < until) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}
