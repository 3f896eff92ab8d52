// The floor: the least work any aggregator using these libraries must do for the corpus, parsing
// every document with rss-parser and sanitising every item with sanitize-html, in this process,
// with no network, no archive and no site. The CLI is judged against it.
import Parser from "rss-parser";
import sanitizeHtml from "sanitize-html";

export interface FloorMeasurement {
  wallMs: number;
  cpuMs: number;
  documents: number;
  items: number;
  /** Sum of the documents' sizes, in bytes. */
  bytes: number;
}

type FloorItem = { "content:encoded"?: string };

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img"],
};

export async function measureFloor(documents: readonly Buffer[]): Promise<FloorMeasurement> {
  const parser = new Parser<Record<string, unknown>, FloorItem>();
  let items = 0;
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const document of documents) {
    bytes += document.length;
    const feed = await parser.parseString(document.toString("utf8"));
    for (const item of feed.items) {
      sanitizeHtml(item["content:encoded"] ?? item.content ?? "", SANITIZE_OPTIONS);
      items++;
    }
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, documents: documents.length, items, bytes };
}
