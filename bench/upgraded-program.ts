// "An upgrade of Blogroll that changes no record": a copy of the program beside the benchmark's work, one comment
// added to one source file, run on the same archive and site. Whatever the render keys on the program itself it makes
// again; what is keyed on what it holds (a search segment's records) it should keep.
import { appendFile, cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the CLI is made of and reads at run time; node_modules is shared (a link), as an upgrade keeps the same dependencies. */
const PROGRAM_PARTS = ["bin", "src", "templates", "public", ".eleventy.ts", "package.json", "package-lock.json", "tsconfig.json"];

/** The file the upgrade touches, and how: a comment changes no behaviour and no record. */
const TOUCHED_FILE = join("src", "cli", "main.ts");
const UPGRADE_COMMENT = "\n// An upgrade that changes no record (written by the benchmark into its copy of the program).\n";

export interface UpgradedProgram {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Copies the program at `repoDir` into a temporary folder and upgrades the copy by one comment. Outside the repository,
 * so that neither the type checker nor the program's own fingerprint ever sees the copy.
 */
export async function upgradedProgram(repoDir: string): Promise<UpgradedProgram> {
  const targetDir = await mkdtemp(join(tmpdir(), "blogroll-bench-upgrade-"));
  for (const part of PROGRAM_PARTS) await cp(join(repoDir, part), join(targetDir, part), { recursive: true, force: true }).catch(ignoreMissing);
  await symlink(join(repoDir, "node_modules"), join(targetDir, "node_modules"), "dir");
  await appendFile(join(targetDir, TOUCHED_FILE), UPGRADE_COMMENT);
  return { dir: targetDir, remove: () => rm(targetDir, { recursive: true, force: true }) };
}

function ignoreMissing(error: unknown): void {
  // A part a version of the program does not have (no public/ folder, say) is simply not copied.
  if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
}
