// Real full and read-only file systems for tests, where the machine lets us mount them (root in a sandbox): a small
// tmpfs fills up for real, and a read-only bind mount refuses writes for real, as no permission bit does for root.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function mount(...args: string[]): void {
  execFileSync("mount", args, { stdio: "pipe" });
}

/** Unmounts `dir` (lazily, so a file still open in it cannot make a test hang). */
export function unmount(dir: string): void {
  execFileSync("umount", ["-l", dir], { stdio: "pipe" });
}

/** Whether this machine lets the tests mount file systems; probed once, by mounting one. */
export const canMount: boolean = (() => {
  const probe = mkdtempSync(join(tmpdir(), "blogroll-mount-probe-"));
  try {
    mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
    unmount(probe);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

/** Mounts a tmpfs of `bytes` on the (empty) folder `dir`. */
export function mountTmpfs(dir: string, bytes: number): void {
  mount("-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir);
}

/** Makes `dir` read-only in place: a bind mount of itself, remounted read-only. */
export function makeReadOnly(dir: string): void {
  mount("--bind", dir, dir);
  mount("-o", "remount,ro,bind", dir);
}
