// Worker threads that read fetched documents (parse, normalise, sanitise: the CPU-heavy part of a fetch run), so
// the main thread stays free for network I/O and archive writes. Workers start only when a document needs
// reading; a worker that dies costs only the document it held, and the next job starts a fresh one.
import { Worker } from "node:worker_threads";
import type { DocumentJob, DocumentResult } from "./read-document.ts";

const WORKER_URL = new URL("./document-worker.ts", import.meta.url);
/** What a worker posts once its modules are loaded, before any result. */
export const WORKER_READY = "ready";

/** What one document may cost its worker: past either, the worker is ended and the document refused. */
export interface DocumentLimits {
  /** Wall time from the job's start to its result. */
  timeMs: number;
  /** The worker's JavaScript heap (V8's old generation), where a document's tree and posts live. */
  heapMb: number;
}

const MiB = 1024 * 1024;

/**
 * Limits that grow with the largest document a fetch may bring. A 15 MB feed of 10,000 ordinary posts reads in
 * about 8 s within a 192 MB heap on the development machine, and the bounds on a post (bounded-html.ts) keep the
 * worst 15 MB at some 20 s; the floors give that a margin of three for slower machines, and one worker per core
 * keeps the whole pool within a core count of heaps.
 */
export function documentLimitsFor(maxBodyBytes: number): DocumentLimits {
  const mebibytes = maxBodyBytes / MiB;
  return { timeMs: Math.max(60_000, Math.ceil(mebibytes * 4_000)), heapMb: Math.max(512, Math.ceil(mebibytes * 32)) };
}

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

const KEPT = "this copy of the feed was not read and the posts already archived are kept; it will be tried again next run";

function tookTooLong(limits: DocumentLimits): DocumentResult {
  return {
    ok: false,
    error: {
      kind: "too_costly_to_read",
      message: `Reading the feed (parsing and cleaning its posts) took longer than the ${limits.timeMs / 1000} s one document may take, so it was stopped: ${KEPT}. A feed built to be this costly is a fault of the feed (tell its owner); on a very busy machine, raising fetch.maxBodySize also raises this limit.`,
      detail: null,
    },
  };
}

function neededTooMuchMemory(limits: DocumentLimits, detail: string): DocumentResult {
  return {
    ok: false,
    error: {
      kind: "too_costly_to_read",
      message: `Reading the feed needed more than the ${limits.heapMb} MB of memory one document may use (too many elements, or nested too deep), so it was stopped: ${KEPT}. This is a fault of the feed (tell its owner); raising fetch.maxBodySize also raises this limit.`,
      detail,
    },
  };
}

/** The error a worker ends with when it passes its heap limit. */
const OUT_OF_MEMORY = "ERR_WORKER_OUT_OF_MEMORY";

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

/**
 * A pool of at most `size` workers (at least one). Jobs start in the order they came, each on the first worker free.
 * A job that passes `limits` costs its worker, and the next job starts a fresh one.
 */
export function createDocumentPool(size: number, limits: DocumentLimits): DocumentPool {
  const limit = Math.max(1, Math.floor(size));
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const running = new Map<Worker, PendingJob & { timer: NodeJS.Timeout }>();
  const waiting: PendingJob[] = [];
  /** Workers ended for passing the time limit: a result they still post comes too late, and they take no more jobs. */
  const stopping = new Set<Worker>();
  let closed = false;

  const startNextOn = (worker: Worker): void => {
    const pending = waiting.shift();
    if (!pending) {
      idle.push(worker);
      return;
    }
    const timer = setTimeout(() => {
      settle(worker, tookTooLong(limits));
      stopping.add(worker);
      void worker.terminate();
    }, limits.timeMs);
    running.set(worker, { ...pending, timer });
    const { job, transfer } = movable(pending.job);
    worker.postMessage(job, [transfer]);
  };
  const settle = (worker: Worker, result: DocumentResult): void => {
    const job = running.get(worker);
    if (job === undefined) return;
    clearTimeout(job.timer);
    job.resolve(result);
    running.delete(worker);
  };
  const spawn = (): void => {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb } });
    workers.add(worker);
    let ready = false;
    let failure = "";
    worker.on("message", (message: DocumentResult | typeof WORKER_READY) => {
      if (stopping.has(worker)) return;
      ready = true;
      if (message !== WORKER_READY) settle(worker, message);
      startNextOn(worker);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      failure = error.message;
      settle(worker, error.code === OUT_OF_MEMORY ? neededTooMuchMemory(limits, failure) : workerFailed(failure));
    });
    worker.on("exit", (code) => {
      settle(worker, workerFailed(failure || `The worker stopped with exit code ${code}.`));
      workers.delete(worker);
      stopping.delete(worker);
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
