// Bytes → text. Order: byte-order mark, HTTP charset, XML prolog, UTF-8 (weakness 5: Drupal
// ignored the HTTP charset and read only a double-quoted prolog).
import iconv from "iconv-lite";

export interface DecodedText {
  text: string;
  /** The encoding used, by its canonical name. */
  encoding: string;
  warnings: string[];
}

// WHATWG maps every Latin-1 and ASCII label to windows-1252: servers that say ISO-8859-1
// routinely send 0x80–0x9F curly quotes and dashes, which only windows-1252 gives meaning.
const WINDOWS_1252_LABELS = new Set([
  "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
  "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
]);
const UTF8_LABELS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8"]);
const UTF16_LABELS: Record<string, "utf-16le" | "utf-16be"> = {
  "utf-16": "utf-16le", "utf-16le": "utf-16le", "utf-16be": "utf-16be", "ucs-2": "utf-16le", unicode: "utf-16le",
};

type Decoder = { name: string; decode: (bytes: Buffer) => string };

function textDecoder(name: "utf-8" | "utf-16le" | "utf-16be"): Decoder {
  // fatal: false turns invalid sequences into U+FFFD instead of throwing.
  return { name, decode: (bytes) => new TextDecoder(name, { fatal: false, ignoreBOM: false }).decode(bytes) };
}

/** The decoder for a charset label, or null when we know no such charset. */
export function decoderForLabel(label: string): Decoder | null {
  const key = label.trim().replace(/^["']|["']$/g, "").toLowerCase();
  if (UTF8_LABELS.has(key)) return textDecoder("utf-8");
  const utf16 = UTF16_LABELS[key];
  if (utf16) return textDecoder(utf16);
  const name = WINDOWS_1252_LABELS.has(key) ? "windows-1252" : key;
  if (!iconv.encodingExists(name)) return null;
  return { name, decode: (bytes) => iconv.decode(bytes, name) };
}

function decoderFromBom(bytes: Buffer): Decoder | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return textDecoder("utf-8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return textDecoder("utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return textDecoder("utf-16be");
  // XML 1.0 appendix F: UTF-16 without a mark still shows as `<` `?` with zero bytes between.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return textDecoder("utf-16le");
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return textDecoder("utf-16be");
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]+)/i);
  const label = match?.[1]?.replace(/^["']|["']$/g, "").trim();
  return label ? label : null;
}

const PROLOG_ENCODING = /^(\s*<\?xml\b[^>]*?\s)encoding\s*=\s*(["'])([^"']*)\2/;

function charsetFromProlog(bytes: Buffer): string | null {
  // The prolog is ASCII in every encoding we read this way, so latin1 shows it faithfully.
  const head = bytes.subarray(0, 1024).toString("latin1");
  const label = PROLOG_ENCODING.exec(head)?.[3]?.trim();
  return label ? label : null;
}

/**
 * Decodes a feed body. Never throws: unknown labels fall through to the next source
 * (and finally UTF-8) with a warning, and invalid bytes become U+FFFD.
 */
export function decodeFeedBytes(bytes: Buffer, contentType: string | null): DecodedText {
  const warnings: string[] = [];
  let decoder = decoderFromBom(bytes);
  if (!decoder) {
    const candidates: [string, string | null][] = [
      ["The server's Content-Type header", charsetFromContentType(contentType)],
      ["The XML declaration", charsetFromProlog(bytes)],
    ];
    for (const [source, label] of candidates) {
      if (label === null) continue;
      decoder = decoderForLabel(label);
      if (decoder) break;
      warnings.push(`${source} names an unknown character set "${label}"; it was ignored.`);
    }
  }
  decoder ??= textDecoder("utf-8");
  const decoded = decoder.decode(bytes).replace(/^\uFEFF/, "");
  // The text is already decoded: a leftover encoding declaration would only mislead a parser.
  const text = decoded.replace(PROLOG_ENCODING, "$1").replace(/^(\s*<\?xml\b[^>]*?)\s+\?>/, "$1?>");
  return { text, encoding: decoder.name, warnings };
}
