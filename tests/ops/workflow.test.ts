import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
  jobs: Record<string, { steps: Step[]; needs?: string }>;
}

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
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write", contents: "write" });
  });
});
