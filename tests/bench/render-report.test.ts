import { describe, expect, it } from "vitest";
import { madeAgain } from "../../bench/render-report.ts";

const FEED_LINE = JSON.stringify({ slug: "a", outcome: "not-modified", added: 0 });

describe("what a build made again, read from its --json output", () => {
  it("reads pages made and search segments from the render's report among the feeds' lines", () => {
    const output = [FEED_LINE, "warning: something on stderr", JSON.stringify({ pages: 120, pagesMade: 3, searchSegments: { total: 9, made: 1 } }), ""].join("\n");
    expect(madeAgain(output)).toEqual({ pagesMade: 3, pages: 120, searchSegments: { total: 9, made: 1 } });
  });

  it("takes `rendered` for pages made when the CLI still calls it that, and a report nested under `render`", () => {
    expect(madeAgain(JSON.stringify({ render: { pages: 10, rendered: 10 } }))).toEqual({ pagesMade: 10, pages: 10, searchSegments: null });
  });

  it("leaves every figure null when the CLI printed no report, or a broken one", () => {
    expect(madeAgain(`${FEED_LINE}\n{"pagesMade": 3`)).toEqual({ pagesMade: null, pages: null, searchSegments: null });
    expect(madeAgain(JSON.stringify({ pagesMade: "3", searchSegments: { total: 2 } }))).toEqual({ pagesMade: null, pages: null, searchSegments: null });
  });
});
