// One protocol for every worker thread: each side sends typed messages and checks what arrives against a schema
// before acting on it. Messages cross the thread boundary as structured clones, untyped: a cast would trust them.
import { parentPort, type MessagePort, type Transferable, type Worker } from "node:worker_threads";
import type * as z from "zod";

/** A worker thread's or the parent's end of a channel. */
export interface ChannelEnd<Out> {
  send(message: Out, transfer?: readonly Transferable[]): void;
}

/** A message that did not match the schema it was checked against: a defect in the sender, not bad data. */
export class ChannelMessageError extends Error {
  constructor(where: string, issues: string) {
    super(`${where} was sent a message of the wrong shape: ${issues}`);
    this.name = "ChannelMessageError";
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(message)"}: ${issue.message}`).join("; ");
}

/**
 * Opens `port` as a channel: each message that arrives is checked against `incoming` and given to `onMessage`; one
 * of the wrong shape goes to `onInvalid` instead (by default it is thrown, which ends a worker thread with that error).
 * `where` names the receiver in the error.
 */
export function openChannel<In, Out>(
  port: Worker | MessagePort,
  where: string,
  incoming: z.ZodType<In>,
  onMessage: (message: In) => void,
  onInvalid: (error: ChannelMessageError) => void = (error) => {
    throw error;
  },
): ChannelEnd<Out> {
  port.on("message", (message: unknown) => {
    const checked = incoming.safeParse(message);
    if (checked.success) onMessage(checked.data);
    else onInvalid(new ChannelMessageError(where, issuesOf(checked.error)));
  });
  return { send: (message, transfer) => port.postMessage(message, transfer) };
}

/** The parent's port, inside a worker thread; `where` names the module that must run as one. */
export function parentChannelPort(where: string): MessagePort {
  if (parentPort === null) throw new Error(`${where} runs only as a worker thread.`);
  return parentPort;
}
