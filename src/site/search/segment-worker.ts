// A worker thread that builds one segment of the search index: makes its posts' records, has Pagefind index them
// and writes the bundle. See buildSegments in segments.ts.
import { openChannel, parentChannelPort } from "../../worker-channel.ts";
import { indexRecords } from "./pagefind-index.ts";
import { ORDER_ANCHOR, searchRecord } from "./records.ts";
import { toSegmentWorker, type FromSegmentWorker, type ToSegmentWorker } from "./segment-protocol.ts";

const port = parentChannelPort("segment-worker.ts");

async function build(job: ToSegmentWorker): Promise<FromSegmentWorker> {
  try {
    const index = await indexRecords([ORDER_ANCHOR, ...job.posts.map(searchRecord)]);
    await index.write(job.outputDir);
    return { kind: "built", skipped: index.skipped };
  } catch (error) {
    return { kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

const channel = openChannel<ToSegmentWorker, FromSegmentWorker>(port, "The search segment worker", toSegmentWorker, (job) => {
  void build(job).then((answer) => {
    channel.send(answer);
    port.close();
  });
});
