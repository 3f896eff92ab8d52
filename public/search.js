// The search page. The index is in segments (each a Pagefind bundle covering a range of dates; segments.js, loaded
// before this file, lists them newest first with their weights): the newest is searched with the others merged into
// it, and each segment's weight puts every result of a newer segment above every result of an older one, so results
// come newest first across segments (see segmentWeights in src/site/search/segment-plan.ts).
// The address follows the search (`?q=words&source=…&category=…`: every parameter but `q` is one of the index's
// filters), and a search in the address runs when the page opens. So every page's search form can lead here, and a
// search can be linked, bookmarked and come back to. Pagefind's Component UI, loaded before this file, searches.
const components = window.PagefindComponents;
const config = document.querySelector("pagefind-config[bundle-path]");
const segments = window.blogrollSearchSegments?.segments ?? [];
const [newest, ...older] = segments;
if (components !== undefined && config !== null && newest !== undefined) {
  const indexPath = config.getAttribute("bundle-path");
  const instance = components.configureInstance("default", {
    bundlePath: `${indexPath}${newest.bundle}`,
    indexWeight: newest.weight,
    mergeIndex: older.map((segment) => ({ bundlePath: `${indexPath}${segment.bundle}`, indexWeight: segment.weight })),
  });
  // The field's label is the page's (`data-label`): it names what is searched, posts rather than the site's pages.
  const label = document.querySelector("pagefind-input[data-label]")?.dataset.label;
  if (label !== undefined) instance.setTranslations({ search_label: label });

  instance.on("search", (term, filters) => {
    const query = new URLSearchParams();
    if (term !== "") query.set("q", term);
    for (const [name, values] of Object.entries(filters ?? {})) for (const value of values) query.append(name, value);
    const search = query.size > 0 ? `?${query}` : "";
    if (search !== location.search) history.replaceState(null, "", `${location.pathname}${search}`);
  });

  // A Map, not an object: a parameter may be named `__proto__`, `constructor` or `toString`.
  const asked = new URLSearchParams(location.search);
  const filters = new Map();
  for (const [name, value] of asked) if (name !== "q") filters.set(name, [...(filters.get(name) ?? []), value]);
  const term = asked.get("q")?.trim() ?? "";
  // Loaded as the page opens, so that the filters show before the first word is typed.
  instance.triggerLoad();
  if (term !== "" || filters.size > 0) instance.triggerSearchWithFilters(term, Object.fromEntries(filters));
}
