/** Elements a browser lays out inline; every other element starts a new line, so words never run together. */
export const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
  "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
  "time", "tt", "u", "var", "wbr",
]);
