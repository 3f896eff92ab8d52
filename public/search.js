// Starts Pagefind's search box (no inline script, so the Content-Security-Policy can forbid them).
// The site may live under a sub-path: <html data-base-path> says which, for the index and for result links.
window.addEventListener("DOMContentLoaded", () => {
  const basePath = document.documentElement.dataset.basePath ?? "/";
  if (typeof PagefindUI !== "function" || document.getElementById("search") === null) return;
  new PagefindUI({
    element: "#search",
    bundlePath: `${basePath}pagefind/`,
    baseUrl: basePath,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
  });
});
