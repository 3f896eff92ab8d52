import { describe, expect, it } from "vitest";
import { pageOfPost, pagerLinks, paginate, type ListPage } from "../../src/site/pagination.ts";

/** Posts as their place counted from the oldest (1 is the oldest), listed newest first, as lists hold them. */
const newestFirst = (count: number) => Array.from({ length: count }, (_, index) => count - index);

describe("paginate", () => {
  it.each([
    [0, 20, 0],
    [20, 20, 0],
    [21, 20, 2],
    [32, 20, 2],
    [89, 20, 5],
  ])("%i posts at %i a page: the first page and %i numbered ones", (count, perPage, numbered) => {
    const pages = paginate(newestFirst(count), perPage);
    expect(pages[0]?.number).toBe(0);
    expect(pages.slice(1).map((page) => page.number)).toEqual(Array.from({ length: numbered }, (_, index) => index + 1));
  });

  it("shows the newest posts on the first page and numbers the others from the oldest, newest first on each page", () => {
    const pages = paginate(newestFirst(45), 20);
    expect(pages[0]?.posts).toEqual(newestFirst(45).slice(0, 20));
    expect(pages[1]).toEqual({ number: 1, posts: newestFirst(20), range: { from: 1, to: 20 } });
    expect(pages[2]?.posts).toEqual(newestFirst(40).slice(0, 20));
    // The newest numbered page is partly full, and repeats posts of the first page.
    expect(pages[3]).toEqual({ number: 3, posts: [45, 44, 43, 42, 41], range: { from: 41, to: 45 } });
  });

  it("keeps a full page's posts when newer posts arrive", () => {
    const before = paginate(newestFirst(45), 20);
    for (const count of [46, 60, 61, 500]) {
      const after = paginate(newestFirst(count), 20);
      expect(after[1]).toEqual(before[1]);
      expect(after[2]).toEqual(before[2]);
    }
  });

  it("changes, for a post arriving with an old date, only the pages from its place on", () => {
    const posts = newestFirst(100).map(String);
    const before = paginate(posts, 20);
    // A post dated between the 30th and the 31st oldest: the oldest 30 stay where they were, the rest move up one.
    const after = paginate([...posts.slice(0, 70), "late", ...posts.slice(70)], 20);
    expect(after[1]).toEqual(before[1]);
    for (const number of [2, 3, 4, 5]) expect(after[number]?.posts).not.toEqual(before[number]?.posts);
    // The 101st post opens a sixth page: the newest one.
    expect(after[6]?.posts).toEqual(["100"]);
  });
});

describe("pageOfPost", () => {
  it("is the numbered page the post stands on for good, or the first page of a list without numbered pages", () => {
    expect(pageOfPost(0, 20, 20)).toBe(0);
    expect(pageOfPost(0, 45, 20)).toBe(3);
    expect(pageOfPost(5, 45, 20)).toBe(2);
    expect(pageOfPost(44, 45, 20)).toBe(1);
    for (const [position, count] of [[0, 45], [24, 45], [25, 45], [44, 45], [3, 89]] as const) {
      const number = pageOfPost(position, count, 20);
      const page = paginate(newestFirst(count), 20).find((each) => each.number === number);
      expect(page?.posts).toContain(count - position);
    }
  });
});

describe("pagerLinks", () => {
  const labels = (number: number, count: number) => pagerLinks("", number, count, 20).map((link) => [link.label, link.path, link.rel]);

  it("has no pager for a list that fits on one page", () => {
    expect(pagerLinks("sources/a/", 0, 20, 20)).toEqual([]);
  });

  it("names where the reader is without a total that moves with every post", () => {
    expect(labels(0, 89)).toEqual([
      ["Latest posts", null, null],
      ["Older posts ›", "page/4/", "next"],
      ["Oldest posts »", "page/1/", null],
    ]);
    expect(labels(3, 89)).toEqual([
      ["« Latest posts", "", null],
      ["‹ Newer posts", "page/4/", "prev"],
      ["Posts 41–60", null, null],
      ["Older posts ›", "page/2/", "next"],
      ["Oldest posts »", "page/1/", null],
    ]);
    expect(labels(5, 89)).toEqual([
      ["‹ Newer posts", "", "prev"],
      ["Posts 81–89", null, null],
      ["Older posts ›", "page/4/", "next"],
      ["Oldest posts »", "page/1/", null],
    ]);
    expect(labels(1, 89)).toEqual([
      ["« Latest posts", "", null],
      ["‹ Newer posts", "page/2/", "prev"],
      ["Posts 1–20", null, null],
    ]);
    const current = pagerLinks("categories/technology/", 2, 89, 20).find((link) => link.current);
    expect(current).toEqual({ label: "Posts 21–40", path: null, rel: null, current: true });
  });

  it("labels a full page the same however many posts come after it", () => {
    for (const count of [61, 80, 81, 1000]) expect(pagerLinks("", 2, count, 20).find((link) => link.current)?.label).toBe("Posts 21–40");
  });
});

/** Every post by following "older" from the first page: each page's posts, in the order a reader meets them. */
function followOlder(count: number, perPage: number): { seen: number[]; pagesVisited: number } {
  const pages = new Map<string, ListPage<number>>(paginate(newestFirst(count), perPage).map((page) => [page.number === 0 ? "" : `page/${page.number}/`, page]));
  const seen: number[] = [];
  let pagesVisited = 0;
  for (let at: string | null = ""; at !== null; ) {
    const page = pages.get(at);
    if (page === undefined) throw new Error(`"older" leads to a page that does not exist: ${at}`);
    seen.push(...page.posts);
    pagesVisited++;
    at = pagerLinks("", page.number, count, perPage).find((link) => link.rel === "next")?.path ?? null;
  }
  return { seen, pagesVisited };
}

describe("following older from the first page", () => {
  it.each([0, 1, 19, 20, 21, 39, 40, 41, 59, 60, 61, 89, 100, 399])("reaches each of %i posts, newest first, none skipped", (count) => {
    const { seen } = followOlder(count, 20);
    // A post is met once, or twice when the first page's posts stand again on the numbered page "older" leads to.
    const firstMeetings = seen.filter((post, index) => seen.indexOf(post) === index);
    expect(firstMeetings).toEqual(newestFirst(count));
    expect(seen.length - firstMeetings.length).toBeLessThan(20);
    const repeats = seen.filter((post, index) => seen.indexOf(post) !== index);
    for (const post of repeats) expect(newestFirst(count).slice(0, 20)).toContain(post);
  });
});
