// The lightbox of the diagrams, loaded when a reader first taps one. mkdocs-glightbox wraps each
// image in an a.glightbox link; its GLightbox script and stylesheet (68 KB) are not in the pages
// (hooks/delivery.py): main.js loads this module on pages with such a link, and the first tap
// fetches GLightbox, then opens the tapped diagram. Works after instant navigation: main.js
// mounts again on every page view, and the one GLightbox instance is bound to the new links.
const ASSETS = new URL("../assets/", import.meta.url);
// What mkdocs-glightbox 0.5 passes to GLightbox for the options in mkdocs.yml (its defaults).
const OPTIONS = {
  touchNavigation: true, loop: false, zoomable: true, draggable: true,
  openEffect: "zoom", closeEffect: "zoom", slideEffect: "slide",
};

let lightbox = null; // the GLightbox instance, once loaded
let loading = null;
let rebindQueued = false;

// Resolves when the element has loaded (a stylesheet applies from then on).
function append(element) {
  return new Promise((resolve, reject) => {
    element.onload = resolve;
    element.onerror = () => reject(new Error(`${element.src || element.href} did not load`));
    document.head.append(element);
  });
}

function stylesheet(href) {
  return Object.assign(document.createElement("link"), { rel: "stylesheet", href });
}

function load() {
  // The lightbox opens once its styles apply too: opened before, it is laid out unstyled first.
  loading ??= Promise.all([
    append(stylesheet(new URL("stylesheets/glightbox.min.css", ASSETS))),
    append(stylesheet(new URL("../stylesheets/lightbox.css", import.meta.url))),
    append(Object.assign(document.createElement("script"), { src: new URL("javascripts/glightbox.min.js", ASSETS) })),
  ]).then(() => {
    lightbox = window.GLightbox(OPTIONS);
    return lightbox;
  }, (error) => {
    loading = null;
    throw error;
  });
  return loading;
}

// Called once per a.glightbox link on every page view. The link says when a tap opens the
// lightbox (data-sg-lightbox): before that, a tap opens the image file, as a plain link does.
export function mount(link) {
  link.setAttribute("data-sg-lightbox", "");
  if (lightbox) {
    // GLightbox binds its own click handlers: once per page view, however many links.
    if (!rebindQueued) {
      rebindQueued = true;
      queueMicrotask(() => { rebindQueued = false; lightbox.reload(); });
    }
    return;
  }
  link.addEventListener("click", (event) => {
    if (lightbox) return; // GLightbox bound its own handler to the page's links when it loaded
    event.preventDefault();
    if (loading) return; // a second tap while GLightbox loads: the first one's diagram opens
    // If GLightbox cannot load, show the image file itself, as a plain link would.
    load().then((instance) => instance.open(link), () => { window.location.href = link.href; });
  });
}
