// The render's "did anything change" key comes from the site's own views of the feeds' states: whatever field of a
// state a page shows, changing it changes that key (or the field is a live part, redrawn in place).
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { FeedArchive, FeedState } from "../../src/model.ts";
import { siteCatalogue } from "../../src/site/catalogue.ts";
import { PreviousSite } from "../../src/site/plan.ts";
import { namedLiveParts, siteContent, siteState } from "../../src/site/site-state.ts";
import { snapshotOf } from "./fixtures.ts";
import { NOW, fixtureSite } from "./site-fixture.ts";

const { config, archives } = fixtureSite();
let keys: PreviousSite;

beforeAll(async () => {
  keys = await PreviousSite.open(path.join(tmpdir(), "blogroll-no-such-site"));
});

function withState(slug: string, state: FeedState): Map<string, FeedArchive> {
  return new Map([...archives].map(([each, archive]) => [each, each === slug ? { ...archive, state } : archive]));
}

/** The content key, as a render makes it before reading a post, and the key of every output of the catalogue. */
function keysOf(site: Map<string, FeedArchive>): { content: string; outputs: Map<string, string>; live: string } {
  const snapshot = snapshotOf(site);
  const state = siteState(config, snapshot.states, new Map(), NOW);
  const catalogue = siteCatalogue(config, site, NOW);
  return {
    content: keys.keyOf(siteContent(config, snapshot.itemsDigests, state)),
    outputs: new Map(catalogue.outputs.map((output) => [output.path, keys.keyOf(output.kind === "page" ? { chrome: catalogue.chrome, page: output.source } : output.source)])),
    live: JSON.stringify([...namedLiveParts(state)]),
  };
}

/** Every field of a state (and of its `meta`) given each value another feed's state holds for it. */
function mutations(): { slug: string; field: string; state: FeedState }[] {
  const states = [...archives].map(([slug, { state }]) => ({ slug, state }));
  const found: { slug: string; field: string; state: FeedState }[] = [];
  for (const { slug, state } of states) {
    for (const { state: other } of states) {
      for (const field of Object.keys(state) as (keyof FeedState)[]) {
        if (JSON.stringify(state[field]) !== JSON.stringify(other[field])) found.push({ slug, field, state: { ...state, [field]: other[field] } });
      }
      for (const field of Object.keys(state.meta) as (keyof FeedState["meta"])[]) {
        if (JSON.stringify(state.meta[field]) !== JSON.stringify(other.meta[field])) {
          found.push({ slug, field: `meta.${field}`, state: { ...state, meta: { ...state.meta, [field]: other.meta[field] } } });
        }
      }
    }
  }
  return found;
}

describe("the render's content key", () => {
  it("changes with every field of a feed's state that changes any output's key", () => {
    const base = keysOf(archives);
    const all = mutations();
    let outputsChanged = 0;
    for (const { slug, field, state } of all) {
      const mutated = keysOf(withState(slug, state));
      const changedOutputs = [...mutated.outputs].filter(([file, key]) => base.outputs.get(file) !== key).map(([file]) => file);
      if (changedOutputs.length === 0) continue;
      outputsChanged++;
      expect(mutated.content, `${slug}.${field} changes ${changedOutputs.join(", ")} but not the content key`).not.toBe(base.content);
    }
    // Not vacuous: most fields the fixture's feeds differ in show somewhere.
    expect(all.length).toBeGreaterThan(20);
    expect(outputsChanged).toBeGreaterThan(10);
  });

  it("leaves every key alone when only a live part moved, and the live parts carry the move", () => {
    const base = keysOf(archives);
    const cloudflare = archives.get("cloudflare")?.state;
    if (cloudflare === undefined) throw new Error("fixture changed");
    const later = keysOf(withState("cloudflare", { ...cloudflare, lastChecked: "2019-02-21T15:10:00Z" }));
    expect(later.content).toBe(base.content);
    expect(later.outputs).toEqual(base.outputs);
    expect(later.live).not.toBe(base.live);
  });
});
