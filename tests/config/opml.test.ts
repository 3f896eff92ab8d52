import { describe, expect, it } from "vitest";
import { MAX_OPML_BYTES, MAX_OUTLINE_DEPTH, parseOpml, writeOpml, type OpmlFeed } from "../../src/config/opml.ts";

function parsed(xml: string): { feeds: OpmlFeed[]; skipped: { text: string; reason: string }[] } {
  const result = parseOpml(xml, "subscriptions.opml");
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

function opml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>t</title></head><body>\n${body}\n</body></opml>`;
}

describe("parseOpml", () => {
  it("reads every outline with an xmlUrl, its name from text, then title, then the host", () => {
    const { feeds } = parsed(
      opml(`<outline type="rss" text="Alpha" title="Alpha title" xmlUrl="https://alpha.example/feed" htmlUrl="https://alpha.example/"/>
<outline title="Beta" xmlUrl="https://beta.example/rss"/>
<outline xmlUrl="https://gamma.example/atom.xml"/>`),
    );
    expect(feeds).toEqual([
      { name: "Alpha", url: "https://alpha.example/feed", siteLink: "https://alpha.example/", categories: [] },
      { name: "Beta", url: "https://beta.example/rss", siteLink: null, categories: [] },
      { name: "gamma.example", url: "https://gamma.example/atom.xml", siteLink: null, categories: [] },
    ]);
  });

  it("turns the folders around a feed into its categories, nested folders each adding one", () => {
    const { feeds } = parsed(
      opml(`<outline text="Tech">
  <outline text="Web">
    <outline text="Deep" xmlUrl="https://deep.example/"/>
  </outline>
  <outline text="Shallow" xmlUrl="https://shallow.example/"/>
</outline>
<outline text="Top" xmlUrl="https://top.example/"/>`),
    );
    expect(feeds.map((feed) => [feed.name, feed.categories])).toEqual([
      ["Deep", ["Tech", "Web"]],
      ["Shallow", ["Tech"]],
      ["Top", []],
    ]);
  });

  it("adds the category attribute's comma-separated paths, each step a category", () => {
    const { feeds } = parsed(opml(`<outline text="Folder"><outline text="A" xmlUrl="https://a.example/" category="/News/Local, Weather,Folder"/></outline>`));
    expect(feeds[0]?.categories).toEqual(["Folder", "News", "Local", "Weather"]);
  });

  it("matches attribute names regardless of case and decodes the standard entities", () => {
    const { feeds } = parsed(opml(`<outline TEXT="Tom &amp; Jerry&#39;s" XMLURL="https://t.example/feed?a=1&amp;b=2"/>`));
    expect(feeds).toEqual([{ name: "Tom & Jerry's", url: "https://t.example/feed?a=1&b=2", siteLink: null, categories: [] }]);
  });

  it("merges a feed listed again under another folder, and reports a second name for one URL", () => {
    const { feeds, skipped } = parsed(
      opml(`<outline text="One"><outline text="A" xmlUrl="https://a.example/"/></outline>
<outline text="Two"><outline text="A" xmlUrl="https://a.example/"/></outline>
<outline text="A again" xmlUrl="HTTPS://A.EXAMPLE/"/>`),
    );
    expect(feeds).toEqual([{ name: "A", url: "https://a.example/", siteLink: null, categories: ["One", "Two"] }]);
    expect(skipped).toEqual([{ text: "A again", reason: expect.stringMatching(/same URL as "A"/) }]);
  });

  it("skips outlines whose xmlUrl is not an http(s) URL, saying why", () => {
    const { feeds, skipped } = parsed(
      opml(`<outline text="Bad" xmlUrl="javascript:alert(1)"/><outline text="Relative" xmlUrl="/feed.xml"/><outline text="Good" xmlUrl="http://good.example/"/>`),
    );
    expect(feeds.map((feed) => feed.name)).toEqual(["Good"]);
    expect(skipped).toEqual([
      { text: "Bad", reason: '"javascript:alert(1)" is not an http(s) URL.' },
      { text: "Relative", reason: '"/feed.xml" is not an http(s) URL.' },
    ]);
  });

  it("ignores outlines outside the body", () => {
    const { feeds } = parsed(`<opml version="2.0"><head><outline text="H" xmlUrl="https://h.example/"/></head><body/></opml>`);
    expect(feeds).toEqual([]);
  });

  it("refuses a document without an <opml> root", () => {
    for (const text of ["", "<rss version=\"2.0\"><channel/></rss>", "just text"]) {
      const result = parseOpml(text, "x.opml");
      expect(result).toMatchObject({ ok: false, error: { file: "x.opml", message: expect.stringMatching(/not an OPML file/) } });
    }
  });
});

describe("parseOpml refuses hostile documents", () => {
  it("refuses a DOCTYPE that declares entities (billion laughs) with the line of its subset", () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<opml><body><outline text="&lol2;" xmlUrl="https://a.example/"/></body></opml>`;
    const result = parseOpml(laughs, "laughs.opml");
    expect(result).toMatchObject({ ok: false, error: { line: 2, message: expect.stringMatching(/declares its own entities/) } });
  });

  it("refuses an external entity (XXE) declaration even behind a quoted '>'", () => {
    const xxe = `<!DOCTYPE opml SYSTEM "odd>name" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><opml><body><outline text="&xxe;" xmlUrl="https://a.example/"/></body></opml>`;
    expect(parseOpml(xxe, "xxe.opml").ok).toBe(false);
  });

  it("never expands an undeclared entity reference", () => {
    const { feeds } = parsed(`<!DOCTYPE opml SYSTEM "opml.dtd"><opml><body><outline text="&xxe;" xmlUrl="https://a.example/"/></body></opml>`);
    expect(feeds[0]?.name).toBe("&xxe;");
  });

  it("refuses a file over the size limit", () => {
    const huge = opml(`<outline text="${"x".repeat(MAX_OPML_BYTES)}" xmlUrl="https://a.example/"/>`);
    expect(parseOpml(huge, "huge.opml")).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 10 MiB/) } });
  });

  it("refuses outlines nested beyond any real folder structure", () => {
    const depth = MAX_OUTLINE_DEPTH + 1;
    const nested = `${'<outline text="f">'.repeat(depth)}<outline text="A" xmlUrl="https://a.example/"/>${"</outline>".repeat(depth)}`;
    expect(parseOpml(opml(nested), "deep.opml")).toMatchObject({ ok: false, error: { line: 3, message: expect.stringMatching(/nests outlines more than 50 deep/) } });
  });
});

describe("writeOpml", () => {
  const feeds = [
    { name: "Alpha & Co", url: "https://alpha.example/feed?a=1&b=2", siteLink: "https://alpha.example/", description: 'Notes on "alpha" & <beta>', categories: ["Tech", "Life"] },
    { name: 'Beta "quoted" <b>', url: "https://beta.example/rss", siteLink: null, description: null, categories: ["Tech"] },
    { name: "Gamma", url: "https://gamma.example/atom.xml", siteLink: null, description: "", categories: [] },
  ];

  it("writes OPML 2.0: the title, dateModified, one folder per category, each feed's site and description", () => {
    const xml = writeOpml({ title: "My <Blogroll>", dateModified: new Date(Date.UTC(2019, 1, 20, 19, 18)), feeds });
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>My &lt;Blogroll&gt;</title>
    <dateModified>Wed, 20 Feb 2019 19:18:00 GMT</dateModified>
  </head>
  <body>
    <outline text="Tech">
      <outline type="rss" text="Alpha &amp; Co" title="Alpha &amp; Co" xmlUrl="https://alpha.example/feed?a=1&amp;b=2" htmlUrl="https://alpha.example/" description="Notes on &quot;alpha&quot; &amp; &lt;beta&gt;"/>
      <outline type="rss" text="Beta &quot;quoted&quot; &lt;b&gt;" title="Beta &quot;quoted&quot; &lt;b&gt;" xmlUrl="https://beta.example/rss"/>
    </outline>
    <outline text="Life">
      <outline type="rss" text="Alpha &amp; Co" title="Alpha &amp; Co" xmlUrl="https://alpha.example/feed?a=1&amp;b=2" htmlUrl="https://alpha.example/" description="Notes on &quot;alpha&quot; &amp; &lt;beta&gt;"/>
    </outline>
    <outline type="rss" text="Gamma" title="Gamma" xmlUrl="https://gamma.example/atom.xml"/>
  </body>
</opml>
`);
  });

  it("round-trips through parseOpml: same names, URLs, site links and categories", () => {
    const result = parsed(writeOpml({ title: "t", dateModified: new Date(0), feeds }));
    expect(result.skipped).toEqual([]);
    expect(result.feeds.map((feed) => ({ ...feed, categories: [...feed.categories].sort() }))).toEqual(
      feeds.map(({ name, url, siteLink, categories }) => ({ name, url, siteLink, categories: [...categories].sort() })),
    );
  });

  it("keeps a name or description with line breaks, tabs and control characters well-formed", () => {
    const feed = { name: "Line\nbreak\tand\u0001bell", url: "https://a.example/", siteLink: null, description: "Two\nlines\u001b[2J", categories: [] };
    const xml = writeOpml({ title: "t", dateModified: new Date(0), feeds: [feed] });
    expect(xml).toContain('text="Line&#10;break&#9;andbell"');
    expect(xml).toContain('description="Two&#10;lines[2J"');
    expect(parsed(xml).feeds[0]?.name).toBe("Line\nbreak\tandbell");
  });
});
