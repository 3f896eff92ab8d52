import { describe, expect, it } from "vitest";
import { findUnsafeMarkup } from "../helpers/static-safety.ts";

describe("findUnsafeMarkup", () => {
  it.each([
    ["<script>alert(1)</script>"],
    ["<script src=https://evil.example/x.js></script>"],
    ["<img src=x onerror=alert(1)>"],
    ["<div ONCLICK=alert(1)>x</div>"],
    ["<p style=color:red>x</p>"],
    ["<style>p{}</style>"],
    ["<iframe src=https://x.example/></iframe>"],
    ["<iframe srcdoc='x'></iframe>"],
    ["<object data=x></object>"],
    ["<embed src=x>"],
    ["<base href=https://evil.example/>"],
    ["<form action=https://x.example/><input></form>"],
    ["<meta http-equiv=Refresh content=0;url=https://x.example/>"],
    ["<a href=javascript:alert(1)>x</a>"],
    ["<a href='java&#x09;script:alert(1)'>x</a>"],
    ["<a href=' &#1;JAVASCRIPT:alert(1)'>x</a>"],
    ["<a href='data:text/html,x'>x</a>"],
    ["<img srcset='https://x.example/a.png 1x, javascript:alert(1) 2x'>"],
    ["<button formaction=javascript:alert(1)>b</button>"],
    ["<svg><a xlink:href=javascript:alert(1)>x</a></svg>"],
    ["<svg><set attributeName=href to=javascript:alert(1) /></svg>"],
    ["<video poster=javascript:alert(1)></video>"],
    ["<link rel=stylesheet href=https://evil.example/x.css>"],
    ["<link rel=import href=x.html>"],
  ])("flags %s", (html) => {
    expect(findUnsafeMarkup(html)).not.toEqual([]);
  });

  it("names what it found", () => {
    expect(findUnsafeMarkup("<img src=x onerror=alert(1) style=x>")).toEqual([
      "<img onerror> event handler",
      "<img style> attribute",
    ]);
  });

  it("accepts safe markup: relative, http(s) and mailto URLs, ordinary attributes", () => {
    expect(
      findUnsafeMarkup(
        '<p title="javascript:alert(1)"><a href="/x" rel="nofollow">a</a> <a href="mailto:a@x.example">m</a> ' +
          '<img src="https://x.example/i.png" srcset="https://x.example/i.png 1x, i2.png 2x" alt="onerror=1"></p>' +
          '<link rel="alternate" type="application/rss+xml" href="https://x.example/rss.xml"><meta charset="utf-8">',
      ),
    ).toEqual([]);
  });

  it("accepts our own scripts and stylesheets, and only those", () => {
    const page =
      '<link rel="stylesheet" href="/assets/site.css"><link rel="stylesheet" href="https://site.example/pagefind/ui.css">' +
      '<script src="/pagefind/pagefind-ui.js"></script>';
    expect(
      findUnsafeMarkup(page, {
        ownScriptSrcs: ["/pagefind/pagefind-ui.js"],
        ownStylesheetHrefs: ["https://site.example/pagefind/ui.css"],
      }),
    ).toEqual([]);
    expect(findUnsafeMarkup(page)).toEqual([
      "<link rel=stylesheet> to https://site.example/pagefind/ui.css",
      "<script> src=/pagefind/pagefind-ui.js",
    ]);
  });

  it("accepts our own search form and result templates, and only those", () => {
    const page =
      '<form action="/search/" method="get"><input name="q"></form><script type="text/pagefind-template"><li>{{ meta.title }}</li></script>';
    expect(findUnsafeMarkup(page, { ownFormActions: ["/search/"], ownDataBlockTypes: ["text/pagefind-template"] })).toEqual([]);
    expect(findUnsafeMarkup(page)).toEqual(["<form> element", "<script> inline"]);
    expect(
      findUnsafeMarkup('<form action="https://x.example/"></form><script type="module">alert(1)</script>', {
        ownFormActions: ["/search/"],
        ownDataBlockTypes: ["text/pagefind-template"],
      }),
    ).toEqual(["<form> element", "<script> inline"]);
  });
});
