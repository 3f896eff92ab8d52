// Plain JavaScript that any Node can parse: it decides whether this Node can run Blogroll before a
// single .ts file is imported, so an old Node gets one sentence instead of ERR_UNKNOWN_FILE_EXTENSION.

/** The oldest Node major Blogroll supports: the one it is tested on and that `npm install` brings. */
export const MINIMUM_NODE_MAJOR = 24;

/**
 * The sentence to print when `version` (as in `process.versions.node`) cannot run Blogroll, or null
 * when it can.
 * @param {string} version
 * @returns {string | null}
 */
export function nodeVersionProblem(version) {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return null;
  return (
    `Blogroll needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ${version}: ` +
    `run it through npm (\`npx blogroll …\` or \`npm run build\`), which uses the Node ${MINIMUM_NODE_MAJOR} ` +
    `that \`npm install\` put in node_modules, or install Node.js ${MINIMUM_NODE_MAJOR} from https://nodejs.org/.`
  );
}
