// One Content-Security-Policy for the <meta> of every page and for hosts that read a `_headers` file.
// 'wasm-unsafe-eval' is there only for Pagefind's WebAssembly: it runs in a worker, which a <meta> policy does not
// reach but a served header does, and Chromium then refuses to compile it without this source (checked).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src https: http: data:",
  // Enclosures play from the podcast's host, which only https names (site/post-view.ts shows a player for nothing else).
  "media-src 'self' https:",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

/** The policy as a real header (`_headers`), which can also say what a <meta> policy cannot: no site may frame ours. */
export const HEADER_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * `_headers` for Netlify and Cloudflare Pages (and `blogroll serve`): the policy as a real header, which also covers
 * feeds; X-Frame-Options says "no framing" to browsers that predate frame-ancestors.
 */
export function headersFile(): string {
  return [
    "/*",
    `  Content-Security-Policy: ${HEADER_CONTENT_SECURITY_POLICY}`,
    "  X-Frame-Options: DENY",
    "  X-Content-Type-Options: nosniff",
    "  Referrer-Policy: strict-origin-when-cross-origin",
    "",
  ].join("\n");
}

