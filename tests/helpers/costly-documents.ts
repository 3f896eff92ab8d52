// Feed documents built to cost their reader far more than their size: the hostile shapes of issue 17.

/** HTML nested `depth` divs deep, with text at the bottom. */
export function nestedDivs(depth: number, text: string): string {
  return `${"<div>".repeat(depth)}${text}${"</div>".repeat(depth)}`;
}

/**
 * XML whose tree needs more than `heapMb` of memory: below 500 levels of xml:base, each element carries the whole
 * chain of bases above it (some 4 KB) from a 17-byte tag. At 512 MB it is some 3.4 MB.
 */
export function xmlCostlierThan(heapMb: number): string {
  const depth = 500;
  const leaves = Math.ceil((heapMb * 1024 * 1024 * 1.5) / 4_000);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Costly</title><link>https://costly.example/</link><item><guid>c</guid><title>Costly</title><description>${'<x xml:base="a/">'.repeat(depth)}${'<y xml:base="b"/>'.repeat(leaves)}${"</x>".repeat(depth)}</description></item></channel></rss>`;
}
