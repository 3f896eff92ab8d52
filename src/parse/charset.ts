// Bytes → text. Order: byte-order mark, HTTP charset, XML prolog, UTF-8 (weakness 5: Drupal
// ignored the HTTP charset and read only a double-quoted prolog).
import { isUtf8 } from "node:buffer";
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

function iconvDecoder(name: string): Decoder {
  return { name, decode: (bytes) => iconv.decode(bytes, name) };
}

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
  return iconv.encodingExists(name) ? iconvDecoder(name) : null;
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
const singleByte = new Map<string, boolean>();

/** Does the charset give every byte a character of its own (windows-1252, ISO-8859-x, KOI8-R…)? */
function isSingleByte(decoder: Decoder): boolean {
  let known = singleByte.get(decoder.name);
  if (known === undefined) {
    // UTF-8 also decodes each stray byte to one character (U+FFFD), so it is told apart by name.
    known = decoder.name !== "utf-8" && decoder.decode(ALL_BYTES).length === ALL_BYTES.length;
    singleByte.set(decoder.name, known);
  }
  return known;
}

function decoderFromBom(bytes: Buffer): Decoder | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return textDecoder("utf-8");
  // UTF-32 before UTF-16: FF FE 00 00 starts with UTF-16's little-endian mark. Without a mark, XML 1.0
  // appendix F still shows UTF-32 as `<` padded with three zero bytes.
  const head = bytes.subarray(0, 4).toString("hex");
  if (head === "0000feff" || head === "0000003c") return iconvDecoder("utf-32be");
  if (head === "fffe0000" || head === "3c000000") return iconvDecoder("utf-32le");
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

function isAscii(bytes: Buffer): boolean {
  // latin1 maps bytes to characters one to one, so a string with nothing above U+007F is ASCII bytes.
  return !/[^\x00-\x7f]/.test(bytes.toString("latin1"));
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
      if (decoder === null) {
        warnings.push(`${source} names an unknown character set "${label}"; it was ignored.`);
        continue;
      }
      // A single-byte label on bytes that are valid UTF-8 with characters beyond ASCII is wrong (as
      // Miniflux reads it): no real text in those charsets happens to form valid multi-byte UTF-8.
      if (isSingleByte(decoder) && isUtf8(bytes) && !isAscii(bytes)) {
        warnings.push(`${source} names the character set "${label}", but the document is UTF-8; it was read as UTF-8.`);
        decoder = textDecoder("utf-8");
      }
      break;
    }
  }
  decoder ??= textDecoder("utf-8");
  const decoded = decoder.decode(bytes).replace(/^\uFEFF/, "");
  // The text is already decoded: a leftover encoding declaration would only mislead a parser.
  const text = decoded.replace(PROLOG_ENCODING, "$1").replace(/^(\s*<\?xml\b[^>]*?)\s+\?>/, "$1?>");
  return { text, encoding: decoder.name, warnings };
}
