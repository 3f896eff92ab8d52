// Worker threads that read fetched documents (parse, normalise, sanitise: the CPU-heavy part of a fetch run), so
// the main thread stays free for network I/O and archive writes. Workers start only when a document needs
// reading; a worker that dies costs only the document it held, and the next job starts a fresh one.
import { Worker } from "node:worker_threads";
import type { DocumentJob, DocumentResult } from "./read-document.ts";

const WORKER_URL = new URL("./document-worker.ts", import.meta.url);
/** What a worker posts once its modules are loaded, before any result. */
export const WORKER_READY = "ready";

export interface DocumentPool {
  /** Reads one document on a worker. The body's bytes move to the worker: do not use them afterwards. Never rejects. */
  read(job: DocumentJob): Promise<DocumentResult>;
  /** Ends every worker, so the process can exit; a job still waiting comes back failed. */
  close(): Promise<void>;
}

interface PendingJob {
  job: DocumentJob;
  resolve: (result: DocumentResult) => void;
}

function workerFailed(detail: string): DocumentResult {
  return {
    ok: false,
    error: { kind: "parse_failed", message: "The feed could not be read because the worker reading it failed unexpectedly.", detail },
  };
}

/**
 * The job with its body in an ArrayBuffer of its own, and that buffer to move. Node's small buffers are slices of
 * one shared pool, which must not be moved: those bytes are copied instead.
 */
function movable(job: DocumentJob): { job: DocumentJob; transfer: ArrayBuffer } {
  const { buffer, byteOffset, byteLength } = job.body;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return { job, transfer: buffer };
  const body = new Uint8Array(job.body);
  return { job: { ...job, body }, transfer: body.buffer };
}

/** A pool of at most `size` workers (at least one). Jobs start in the order they came, each on the first worker free. */
export function createDocumentPool(size: number): DocumentPool {
  const limit = Math.max(1, Math.floor(size));
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const running = new Map<Worker, PendingJob>();
  const waiting: PendingJob[] = [];
  let closed = false;

  const startNextOn = (worker: Worker): void => {
    const pending = waiting.shift();
    if (!pending) {
      idle.push(worker);
      return;
    }
    running.set(worker, pending);
    const { job, transfer } = movable(pending.job);
    worker.postMessage(job, [transfer]);
  };
  const settle = (worker: Worker, result: DocumentResult): void => {
    running.get(worker)?.resolve(result);
    running.delete(worker);
  };
  const spawn = (): void => {
    const worker = new Worker(WORKER_URL);
    workers.add(worker);
    let ready = false;
    let failure = "";
    worker.on("message", (message: DocumentResult | typeof WORKER_READY) => {
      ready = true;
      if (message !== WORKER_READY) settle(worker, message);
      startNextOn(worker);
    });
    worker.on("error", (error: Error) => {
      failure = error.message;
      settle(worker, workerFailed(failure));
    });
    worker.on("exit", (code) => {
      settle(worker, workerFailed(failure || `The worker stopped with exit code ${code}.`));
      workers.delete(worker);
      const idleAt = idle.indexOf(worker);
      if (idleAt >= 0) idle.splice(idleAt, 1);
      // A worker that could not even start would fail the same way again: the waiting jobs fail instead.
      if (!ready) for (const pending of waiting.splice(0)) pending.resolve(workerFailed(failure || `The worker could not start (exit code ${code}).`));
      else if (!closed && waiting.length > 0) spawn();
    });
  };

  return {
    read(job) {
      if (closed) return Promise.resolve(workerFailed("The document pool was already closed."));
      return new Promise((resolve) => {
        waiting.push({ job, resolve });
        const worker = idle.pop();
        if (worker) startNextOn(worker);
        // A starting worker takes the oldest waiting job once it is ready, not necessarily this one.
        else if (workers.size - running.size < waiting.length && workers.size < limit) spawn();
      });
    },
    async close() {
      closed = true;
      for (const pending of waiting.splice(0)) pending.resolve(workerFailed("The document pool was closed before this document was read."));
      await Promise.all([...workers].map((worker) => worker.terminate()));
    },
  };
}
