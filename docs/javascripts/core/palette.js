// Pure logic of the colour palette toggle in the header (Material's palette options from
// mkdocs.yml, cycled by one button: system preference, light, dark). No DOM here.
// An option is { media, scheme, primary, accent }, as the form's radio inputs carry them.

export const FOLLOW_SYSTEM = "(prefers-color-scheme)";

// The option to show first: the stored one (Material's "__palette" entry), kept in range; the
// first option otherwise, as Material does.
export function startIndex(stored, count) {
  const index = stored && Number.isInteger(stored.index) ? stored.index : 0;
  return Math.max(0, Math.min(index, count - 1));
}

// The option that a press of the toggle moves to.
export function nextIndex(index, count) {
  return (index + 1) % count;
}

// The data-md-color-* values for <body>. The "follow the system" option takes the colours of
// the light or the dark option, whichever the system prefers, and keeps its own media.
export function bodyColours(options, index, prefersLight) {
  const option = options[index];
  if (option.media !== FOLLOW_SYSTEM) return { ...option };
  const wanted = prefersLight ? "(prefers-color-scheme: light)" : "(prefers-color-scheme: dark)";
  const match = options.find((o) => o.media === wanted) || option;
  return { media: option.media, scheme: match.scheme, primary: match.primary, accent: match.accent };
}
