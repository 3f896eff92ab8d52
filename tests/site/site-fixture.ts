// One small blogroll exercising every page: a busy source, a failing one, a cross-poster, a local file, a silent one.
import { DEFAULT_SITE } from "../../src/config/defaults.ts";
import type { Config, FeedArchive } from "../../src/model.ts";
import { archive, config, feed, hourlyItems, item } from "./fixtures.ts";

export const NOW = new Date("2019-02-21T15:15:00Z");

export const cloudflare = feed("CloudFlare", "cloudflare");
export const drupal = feed("Drupal Security", "drupal-security");
export const mirror = feed("Mirror", "mirror", ["Technology", "Reposts"]);
export const lonely = { ...feed("Lonely <Blog>", "lonely", ["Personal"]), url: "/srv/feeds/lonely.xml" };
export const silent = feed("Silent", "silent", ["Personal"]);

export const cloudflareItems = hourlyItems("cloudflare", 32, "2019-02-21T10:00:00Z");
const firstCloudflare = cloudflareItems[0]!;

export function fixtureSite(site: Partial<Config["site"]> = {}): { config: Config; archives: Map<string, FeedArchive> } {
  const archives = new Map<string, FeedArchive>([
    [
      "cloudflare",
      archive(cloudflare, cloudflareItems, {
        lastChecked: new Date(NOW.getTime() - (57 * 60 + 16) * 1000).toISOString(),
        lastSuccess: new Date(NOW.getTime() - (57 * 60 + 16) * 1000).toISOString(),
        meta: {
          title: "Cloudflare Blog",
          description: "News & views from Cloudflare",
          siteLink: "https://blog.cloudflare.com/",
          image: { url: "https://blog.cloudflare.com/logo.png", title: "Cloudflare" },
        },
      }),
    ],
    [
      "drupal-security",
      archive(drupal, hourlyItems("drupal-security", 56, "2019-02-20T19:18:00Z"), {
        lastChecked: "2019-02-21T15:00:00Z",
        lastSuccess: "2019-02-19T09:00:00Z",
        lastStatus: 503,
        lastError: { kind: "http_unavailable", message: "The server said it is unavailable (503).", detail: null },
        failingSince: "2019-02-19T10:00:00Z",
        consecutiveFailures: 4,
        polls: [
          { at: "2019-02-19T09:00:00Z", outcome: "new-items", status: 200 },
          { at: "2019-02-19T10:00:00Z", outcome: "failed", status: 503 },
          { at: "2019-02-21T15:00:00Z", outcome: "failed", status: 503 },
        ],
      }),
    ],
    [
      "mirror",
      archive(
        mirror,
        [
          // The same article as CloudFlare's newest: shown once, under CloudFlare (first by slug at the same instant).
          item("mirror", { id: "copy", title: "Copied post", link: firstCloudflare.link, published: firstCloudflare.published }),
          item("mirror", { id: "own", title: "Mirror's own post", link: null, published: "2019-02-10T12:00:00Z" }),
        ],
        {
          lastChecked: "2019-02-21T14:00:00Z",
          permanentRedirect: "https://mirror.example/new-feed.xml",
          capped: { at: "2019-02-21T14:00:00Z", maxItems: 2, maxNewItemsPerRun: 10_000, listed: 3, notKept: 1, deferred: 0, dropped: 0,
            caps: DEFAULT_SITE.caps, bodiesCut: 0, linksDropped: 0, droppedForSize: 0, notTakenForSize: 0 },
        },
      ),
    ],
    [
      "lonely",
      archive(
        lonely,
        [item("lonely", { id: "only", title: "<b>Bold</b> & brave", published: "2019-01-05T08:00:00Z", html: "<p>Hello <em>world</em></p>" })],
        { lastChecked: "2019-02-21T15:10:00Z" },
      ),
    ],
  ]);
  return { config: config([cloudflare, drupal, mirror, lonely, silent], site), archives };
}
