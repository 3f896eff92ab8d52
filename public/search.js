// The search page's address follows the search (`?q=words&source=…&category=…`: every parameter but `q` is one of the
// index's filters), and a search in the address runs when the page opens. So every page's search form can lead here,
// and a search can be linked, bookmarked and come back to. Pagefind's Component UI, loaded before this file, searches.
const instance = window.PagefindComponents?.getInstanceManager().getInstance("default");
if (instance !== undefined) {
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

  const asked = new URLSearchParams(location.search);
  const filters = {};
  for (const [name, value] of asked) if (name !== "q") (filters[name] ??= []).push(value);
  const term = asked.get("q")?.trim() ?? "";
  if (term !== "" || Object.keys(filters).length > 0) instance.triggerSearchWithFilters(term, filters);
}
