// One HTTP GET, no redirects followed: redirect policy belongs to fetch-feed.ts.
// node:http/https rather than fetch(): their errors carry the system codes (ENOTFOUND, CERT_...) that name a
// failure, the raw compressed body lets us count decompressed bytes ourselves, and the socket can be destroyed.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface Exchange {
  response: IncomingMessage;
  /** Destroys the socket, whether or not the body was read. */
  close(): void;
}

export function sendRequest(url: URL, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<Exchange> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false gives every exchange its own socket, closed with it; nothing lingers in a pool.
    const request = send(url, { method: "GET", headers, agent: false, signal }, (response) => {
      resolve({ response, close: () => request.destroy() });
    });
    // Kept for the whole exchange: a socket error after the headers must not go unhandled, and the socket is
    // closed whichever stage failed.
    request.on("error", (error) => {
      request.destroy();
      reject(error);
    });
    request.end();
  });
}
