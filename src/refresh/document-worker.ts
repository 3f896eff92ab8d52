// A worker thread of the document pool: reads each document it is sent and posts the result back.
import { parentPort } from "node:worker_threads";
import { readDocument, type DocumentJob } from "./read-document.ts";
import { WORKER_READY } from "./document-pool.ts";

const isString = (value: unknown): value is string => typeof value === "string";

/** Messages cross the thread boundary untyped, so the worker checks what it was sent before trusting it. */
function isDocumentJob(value: unknown): value is DocumentJob {
  if (typeof value !== "object" || value === null) return false;
  const job = value as Record<string, unknown>;
  const feed = job["feed"] as Record<string, unknown> | null | undefined;
  return (
    job["body"] instanceof Uint8Array &&
    (job["contentType"] === null || isString(job["contentType"])) &&
    isString(job["url"]) &&
    isString(job["fetchedAt"]) &&
    typeof feed === "object" &&
    feed !== null &&
    isString(feed["name"]) &&
    isString(feed["slug"]) &&
    isString(feed["url"]) &&
    Array.isArray(feed["categories"]) &&
    typeof job["caps"] === "object" &&
    job["caps"] !== null
  );
}

const port = parentPort;
if (port === null) throw new Error("document-worker.ts runs only as a worker thread of the document pool.");

port.on("message", (job: unknown) => {
  // A malformed job is a defect in the caller: the worker fails loudly and the pool turns that into the feed's error.
  if (!isDocumentJob(job)) throw new TypeError("The document worker was sent a job of the wrong shape.");
  // A rejection is left unhandled on purpose: it ends the worker, which the pool handles like any other crash.
  void readDocument(job).then((result) => port.postMessage(result));
});
port.postMessage(WORKER_READY);
