// Writes the demo's short articles from hand-written parts, picked by a seeded generator so every
// run produces the same text: paragraphs, headings, lists, code, quotes, a table, an inline image.
import { crc32, deflateSync } from "node:zlib";
import type { Flavour } from "./sources.ts";

export type Random = () => number;

/** mulberry32: a tiny, well-known seeded generator; good enough to vary made-up prose. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, list: readonly T[]): T {
  const chosen = list[Math.floor(random() * list.length)];
  if (chosen === undefined) throw new Error("pick() needs a non-empty list");
  return chosen;
}

/** Escapes text for HTML and XML alike, attribute values included: the demo, the tests and the benchmark share it. */
export function escapeMarkup(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

const sentences: Record<Flavour, string[]> = {
  programming: [
    "The first version worked, which is exactly when the trouble started.",
    "Most of the bugs lived at the edges, where one module handed data to the next.",
    "I wrote the test first this time, and it failed for a reason I did not expect.",
    "A name that says what a thing is saves a comment that says what it does.",
    "Every clever shortcut in that file cost someone an afternoon later.",
    "The compiler was right; I had simply not told it the whole truth.",
    "Returning an error as a value made the happy path shorter, not longer.",
    "Nothing here is new, but writing it down made me follow it.",
    "The fix was three lines; finding them took two evenings.",
    "Once the types matched the data, half the branches disappeared.",
  ],
  operations: [
    "The alert fired at 02:14, which is never a good time for a surprise.",
    "We had a dashboard for everything except the thing that broke.",
    "Writing the steps down turned a heroic fix into a routine one.",
    "The graph looked flat until we switched it to a log scale.",
    "Nobody had restarted that service in two years, and it showed.",
    "A boring system is one where the interesting failures are rare.",
    "We measured first, and the bottleneck was not where we guessed.",
    "The change itself was small; the rollback plan was the real work.",
    "Every default in that config file had been chosen by somebody else.",
    "After a week of quiet nights, the team stopped checking their phones at dinner.",
  ],
  design: [
    "Readers rarely notice good typography; they simply keep reading.",
    "The page felt cramped, and the cause was a single line-height value.",
    "A comfortable measure sits somewhere between forty-five and seventy-five characters.",
    "Contrast helps everyone, not only the readers who ask for it.",
    "Headings are signposts, and signposts should be easy to tell apart.",
    "The grid was tidy, but the text inside it was not.",
    "Good defaults beat clever options for almost every reader.",
    "I printed the page, and the problems were suddenly obvious.",
    "A little more space between paragraphs did more than a new font.",
    "Consistency is kinder to a reader than novelty.",
  ],
  security: [
    "The advisory was short, and the important sentence was the last one.",
    "An allow-list says what is safe; a deny-list guesses what is not.",
    "Most attacks we see are old tricks pointed at new software.",
    "The safest secret is the one you never had to store.",
    "Updating promptly matters more than choosing the perfect tool.",
    "A threat model is just a list of what you fear, written down calmly.",
    "Logging the failure was easy; noticing the log took a month.",
    "Defaults decide the security of most systems, so choose them carefully.",
    "The patch was public for weeks before anyone here applied it.",
    "Every permission granted is a door someone may later walk through.",
  ],
};

const ledes = [
  (subject: string) => `A few readers asked me to write up ${subject}, so here it is.`,
  (subject: string) => `This post is the long answer to a short question: ${subject}.`,
  (subject: string) => `Here are my notes on ${subject}, tidied up a little.`,
  (subject: string) => `I kept putting this one off: ${subject}.`,
];

/** "Naming things" reads as "naming things" mid-sentence; "IPv6 at home" keeps its capitals. */
function asSubject(title: string): string {
  const firstWord = title.split(" ")[0] ?? "";
  const plainCapitalised = /^[A-Z][a-z']*$/.test(firstWord);
  return plainCapitalised ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

const headings = [
  "What went wrong",
  "The short version",
  "How it works",
  "What we changed",
  "A closer look",
  "Lessons",
  "Trying it yourself",
  "What's next",
];

const codeSamples: Record<Flavour, string[]> = {
  programming: [
    'export function slugify(name: string): string {\n  return name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "-");\n}',
    "const result = await refresh(feed);\nif (result.kind === \"error\") console.warn(result.error.message);",
  ],
  operations: [
    "$ systemctl list-timers --all\n$ journalctl -u backup.service --since yesterday",
    "ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.02);",
  ],
  design: [
    ":root {\n  --measure: 66ch;\n  font-size: clamp(1rem, 0.9rem + 0.5vw, 1.25rem);\n}",
    "p + p { margin-top: 0.75em; }\nh2 { line-height: 1.2; }",
  ],
  security: [
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; object-src 'none'",
    "PasswordAuthentication no\nPermitRootLogin no\nAllowUsers deploy",
  ],
};

const quotes = [
  "Make it work, make it right, make it fast.",
  "Simple things should be simple, complex things should be possible.",
  "Hope is not a strategy.",
  "Perfection is achieved not when there is nothing more to add, but when there is nothing left to take away.",
];

const listItems: Record<Flavour, string[]> = {
  programming: ["write the failing test", "name the function for what it returns", "delete the dead branch", "check the error path", "read the diff aloud"],
  operations: ["check the disk before the CPU", "restore a backup every month", "write the rollback first", "page only for user-visible pain", "keep one dashboard per service"],
  design: ["set the measure", "pick one type scale", "check contrast in sunlight", "test with real content", "print the page once"],
  security: ["update the dependency", "rotate the exposed key", "turn on two-factor sign-in", "review who has access", "read the advisory twice"],
};

function sentencesOf(random: Random, flavour: Flavour, count: number): string {
  const chosen: string[] = [];
  while (chosen.length < count) {
    const sentence = pick(random, sentences[flavour]);
    if (!chosen.includes(sentence)) chosen.push(sentence);
  }
  return chosen.join(" ");
}

function paragraph(random: Random, flavour: Flavour, count: number): string {
  return `<p>${escapeMarkup(sentencesOf(random, flavour, count))}</p>`;
}

function list(random: Random, flavour: Flavour): string {
  const tag = random() < 0.5 ? "ul" : "ol";
  const items = listItems[flavour].filter(() => random() < 0.7);
  const shown = items.length >= 2 ? items : listItems[flavour].slice(0, 3);
  return `<${tag}>${shown.map((item) => `<li>${escapeMarkup(item)}</li>`).join("")}</${tag}>`;
}

function table(): string {
  const rows = [
    ["Monday", "12 ms", "48 ms"],
    ["Tuesday", "11 ms", "95 ms"],
    ["Wednesday", "14 ms", "51 ms"],
  ];
  return (
    "<table><thead><tr><th>Day</th><th>Median</th><th>99th percentile</th></tr></thead><tbody>" +
    rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("") +
    "</tbody></table>"
  );
}

/** A small striped PNG built in memory, so the demo's images need no host at all. */
export function stripedPngDataUri(width: number, height: number): string {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // leading 0: no filter
    for (let x = 0; x < width; x++) {
      const stripe = Math.floor((x + y) / 8) % 2 === 0;
      row.set(stripe ? [0x2f, 0x6f, 0x8f] : [0xe8, 0xf0, 0xf4], 1 + x * 3);
    }
    rows.push(row);
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString("base64")}`;
}

export interface ArticleRequest {
  title: string;
  flavour: Flavour;
  siteUrl: string;
  /** Position among all demo posts; decides which rarer elements (table, image) it gets. */
  index: number;
}

/** The body of one post as HTML, and a plain-text summary of its opening. */
export function writeArticle(random: Random, request: ArticleRequest): { html: string; summary: string } {
  const { flavour, index } = request;
  const lede = request.title === "" ? "Just a quick note today, no title needed." : pick(random, ledes)(asSubject(request.title));
  const summary = `${lede} ${sentencesOf(random, flavour, 1)}`;
  const parts = [`<p>${escapeMarkup(summary)}</p>`, `<h2>${escapeMarkup(pick(random, headings))}</h2>`, paragraph(random, flavour, 3)];
  const extras = [
    () => list(random, flavour),
    () => `<pre><code>${escapeMarkup(pick(random, codeSamples[flavour]))}</code></pre>`,
    () => `<blockquote><p>${escapeMarkup(pick(random, quotes))}</p></blockquote>`,
  ];
  parts.push(pick(random, extras)());
  if (random() < 0.5) parts.push(pick(random, extras)());
  if (index % 11 === 3) parts.push(table());
  if (index % 13 === 5) {
    parts.push(`<p><img src="${stripedPngDataUri(96, 48)}" alt="A striped placeholder figure" width="192" height="96"></p>`);
  }
  const archive = new URL("archive/", request.siteUrl).href;
  parts.push(`<p>${escapeMarkup(pick(random, sentences[flavour]))} More in <a href="${archive}">the archive</a>.</p>`);
  return { html: parts.join("\n"), summary };
}
