// The search index's worker thread: takes the posts from the render as they come, makes their records and feeds them
// to Pagefind, then writes the index's files. See buildSearchIndex in search-index.ts.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { indexRecords, searchRecord, type FromSearchWorker, type SearchRecord, type ToSearchWorker } from "./search-index.ts";

function renderPort(): MessagePort {
  if (parentPort === null) throw new Error("search-worker.ts runs only as a worker thread of the render.");
  return parentPort;
}

const port = renderPort();
const { outputDir } = workerData as { outputDir: string };
const say = (message: FromSearchWorker): void => port.postMessage(message);

/** The posts' records, in the order the render sent them, until it says that was all; each batch said taken once made into records. */
async function* records(): AsyncGenerator<SearchRecord> {
  const messages: ToSearchWorker[] = [];
  let arrived: (() => void) | null = null;
  port.on("message", (message: ToSearchWorker) => {
    messages.push(message);
    arrived?.();
  });
  for (;;) {
    if (messages.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
    const message = messages.shift();
    if (message === undefined || message.kind === "end") return;
    for (const post of message.posts) yield searchRecord(post);
    say({ kind: "taken" });
  }
}

try {
  const index = await indexRecords(records());
  await index.write(outputDir);
  say({ kind: "done", skipped: index.skipped });
} catch (error) {
  say({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
}
port.close();
