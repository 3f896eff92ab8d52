import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { charsetFromContentType, decodeFeedBytes } from "../../src/parse/charset.ts";

const rss = (title: string): string => `<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe("decodeFeedBytes", () => {
  it("reads UTF-8 when nothing names a charset", () => {
    const decoded = decodeFeedBytes(Buffer.from(rss("Café"), "utf8"), null);
    expect(decoded.text).toContain("Café");
    expect(decoded.encoding).toBe("utf-8");
  });

  it("lets the HTTP charset win over the XML declaration", () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?>'), Buffer.from(rss("Caf\xe9"), "latin1")]);
    const decoded = decodeFeedBytes(bytes, "application/rss+xml; charset=ISO-8859-1");
    expect(decoded.text).toContain("Café");
  });

  it("reads a single-quoted encoding in the XML declaration and removes it", () => {
    const bytes = Buffer.concat([Buffer.from("<?xml version='1.0' encoding='iso-8859-1'?>"), Buffer.from(rss("Caf\xe9"), "latin1")]);
    const decoded = decodeFeedBytes(bytes, "text/xml");
    expect(decoded.text).toContain("Café");
    expect(decoded.text.startsWith("<?xml version='1.0'?>")).toBe(true);
  });

  it("reads ISO-8859-1 labels as windows-1252, so 0x93 and 0x94 are curly quotes", () => {
    const bytes = Buffer.from([...Buffer.from("<rss><channel><title>"), 0x93, 0x68, 0x69, 0x94, ...Buffer.from("</title></channel></rss>")]);
    expect(decodeFeedBytes(bytes, "text/xml; charset=iso-8859-1").text).toContain("\u201chi\u201d");
  });

  it("lets a byte-order mark win over the header, and strips it", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss("Ünïcode"), "utf16le")]);
    const decoded = decodeFeedBytes(utf16, "text/xml; charset=iso-8859-1");
    expect(decoded.encoding).toBe("utf-16le");
    expect(decoded.text.startsWith("<rss")).toBe(true);
    expect(decoded.text).toContain("Ünïcode");
  });

  it("reads big-endian UTF-16 with its mark", () => {
    const little = Buffer.from(rss("été"), "utf16le");
    const big = Buffer.from(little).swap16();
    expect(decodeFeedBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), big]), null).text).toContain("été");
  });

  it("strips a UTF-8 byte-order mark", () => {
    const decoded = decodeFeedBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss("x"))]), null);
    expect(decoded.text.startsWith("<rss")).toBe(true);
  });

  it("uses iconv-lite for other charsets such as KOI8-R", () => {
    const bytes = Buffer.from([...Buffer.from("<rss><channel><title>"), 0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, ...Buffer.from("</title></channel></rss>")]);
    expect(decodeFeedBytes(bytes, "text/xml; charset=koi8-r").text).toContain("Привет");
  });

  it("falls back to UTF-8 with a warning for an unknown label", () => {
    const decoded = decodeFeedBytes(Buffer.from(rss("ok")), "text/xml; charset=klingon");
    expect(decoded.encoding).toBe("utf-8");
    expect(decoded.warnings).toEqual(['The server\'s Content-Type header names an unknown character set "klingon"; it was ignored.']);
  });

  it("reads UTF-8 bytes as UTF-8 when the prolog names a single-byte charset, and warns", () => {
    const decoded = decodeFeedBytes(readFileSync(new URL("../fixtures/feeds/utf8-labelled-latin1.xml", import.meta.url)), "application/xml");
    expect(decoded.encoding).toBe("utf-8");
    expect(decoded.text).toContain("Café crème — naïve");
    expect(decoded.text).toContain("Über");
    expect(decoded.warnings).toEqual(['The XML declaration names the character set "ISO-8859-1", but the document is UTF-8; it was read as UTF-8.']);
  });

  it("reads UTF-8 bytes as UTF-8 when the header names a single-byte charset, and warns", () => {
    const decoded = decodeFeedBytes(Buffer.from(rss("Привет"), "utf8"), "text/xml; charset=koi8-r");
    expect(decoded.text).toContain("Привет");
    expect(decoded.warnings).toEqual(['The server\'s Content-Type header names the character set "koi8-r", but the document is UTF-8; it was read as UTF-8.']);
  });

  it("reads a UTF-8 label without a warning", () => {
    expect(decodeFeedBytes(Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${rss("Café")}`), null)).toMatchObject({ encoding: "utf-8", warnings: [] });
  });

  it("keeps the single-byte label for ASCII documents and for bytes that are not UTF-8", () => {
    expect(decodeFeedBytes(Buffer.from(rss("plain")), "text/xml; charset=iso-8859-1")).toMatchObject({ encoding: "windows-1252", warnings: [] });
    const latin1 = decodeFeedBytes(Buffer.from(rss("Caf\xe9"), "latin1"), "text/xml; charset=iso-8859-1");
    expect(latin1).toMatchObject({ encoding: "windows-1252", warnings: [] });
    expect(latin1.text).toContain("Café");
  });

  it("keeps a multi-byte label even where the bytes are also valid UTF-8", () => {
    // C3 A9 is "é" in UTF-8 and two half-width katakana in Shift_JIS: only single-byte labels are second-guessed.
    const decoded = decodeFeedBytes(Buffer.from(rss("é"), "utf8"), "text/xml; charset=shift_jis");
    expect(decoded).toMatchObject({ encoding: "shift_jis", warnings: [] });
    expect(decoded.text).toContain("\uff83\uff69");
  });

  it("reads UTF-32 with its mark or by the zero bytes around the first <", () => {
    const big = Buffer.from(Array.from(rss("Ünï"), (char) => [0, 0, 0, char.codePointAt(0) ?? 0]).flat());
    const little = Buffer.from(Array.from(rss("Ünï"), (char) => [char.codePointAt(0) ?? 0, 0, 0, 0]).flat());
    expect(decodeFeedBytes(big, null)).toMatchObject({ encoding: "utf-32be", text: rss("Ünï") });
    expect(decodeFeedBytes(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), big]), null)).toMatchObject({ encoding: "utf-32be", text: rss("Ünï") });
    expect(decodeFeedBytes(little, null)).toMatchObject({ encoding: "utf-32le", text: rss("Ünï") });
    expect(decodeFeedBytes(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), little]), null)).toMatchObject({ encoding: "utf-32le", text: rss("Ünï") });
  });

  it("turns invalid UTF-8 into replacement characters instead of throwing", () => {
    const bytes = Buffer.from([...Buffer.from("<rss><channel><title>"), 0xc3, 0x28, ...Buffer.from("</title></channel></rss>")]);
    expect(decodeFeedBytes(bytes, null).text).toContain("\uFFFD(");
  });
});

describe("charsetFromContentType", () => {
  it("reads quoted and unquoted values", () => {
    expect(charsetFromContentType('application/rss+xml;charset= "us-ascii"')).toBe("us-ascii");
    expect(charsetFromContentType("text/xml; charset=UTF-8")).toBe("UTF-8");
    expect(charsetFromContentType("text/xml")).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });
});
