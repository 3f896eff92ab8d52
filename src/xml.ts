// Escaping for the XML Blogroll writes (RSS, Atom, OPML). Feed text is untrusted: every value goes through here.

/** Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML_CHARACTERS, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/**
 * Text for a double-quoted attribute: as xmlText, with tabs and line breaks as references, since a parser turns
 * literal ones in an attribute into spaces.
 */
export function xmlAttribute(text: string): string {
  return xmlText(text).replaceAll("\t", "&#9;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;");
}

/** Markup kept readable in a CDATA section; a `]]>` inside is split across two sections. */
export function xmlCdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML_CHARACTERS, "").replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** `<name>text</name>`, or nothing when there is no value. */
export function xmlElement(name: string, text: string | null): string {
  return text === null ? "" : `<${name}>${xmlText(text)}</${name}>`;
}
