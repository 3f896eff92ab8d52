#!/usr/bin/env node
// The CLI is TypeScript run by Node's own type stripping (Node >= 24), so there is no build step. This
// file is plain JavaScript and imports the TypeScript only once the Node running it is known to cope.
import { nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem === null) {
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
} else {
  process.stderr.write(`${problem}\n`);
  // 2: the README's "usage or configuration error: nothing was fetched or written".
  process.exitCode = 2;
}
