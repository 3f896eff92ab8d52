// Plain text out of feed HTML, for titles, names, categories and summaries.
import { Parser } from "htmlparser2";
import { boundHtml } from "./bounded-html.ts";
import { DROPPED_WITH_CONTENTS } from "./dropped-elements.ts";
import { INLINE_ELEMENTS } from "./inline-elements.ts";

const DROPPED = new Set(DROPPED_WITH_CONTENTS);

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;

/** How much HTML is read between checks of whether enough text is known. */
const CHUNK_LENGTH = 4096;

function finish(parts: string[][]): string {
  return parts
    .flat()
    .join("")
    .replace(CONTROL_CHARACTERS, "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface TextOptions {
  /**
   * Whether an image counts as its alt text (the default: a title or name made of an image keeps its words). A summary
   * leaves it out: read as prose, "…an image: A wide orange block And then…" is not what the post says.
   */
  imageAlt?: boolean;
}

/**
 * The text a reader would see: entities decoded, tags gone, one space between words. Text inside
 * DROPPED_WITH_CONTENTS goes too, unless the element is never closed in the source: then it was
 * prose that merely names a tag ("Why <script> blocks rendering"), so the tag and the text after it
 * are kept as written. That is safe because the result is text, escaped wherever it is shown.
 *
 * With `enough`, reading stops once that many characters of text are known and no dropped element is open, so a
 * summary of a long post does not parse the whole post; the text is then a prefix of the full text.
 */
export function htmlToText(given: string, enough = Infinity, options: TextOptions = {}): string {
  // Text outside the bounds is kept; only the tags past them go, which keeps the parse below linear.
  const { html } = boundHtml(given);
  const imageAlt = options.imageAlt ?? true;
  // One buffer per open dropped element, starting with its tag as written: kept or thrown away when it closes.
  const buffers: string[][] = [[]];
  const current = (): string[] => buffers[buffers.length - 1] ?? [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (!INLINE_ELEMENTS.has(name)) current().push(" ");
      if (DROPPED.has(name)) {
        buffers.push([html.slice(parser.startIndex, parser.endIndex + 1)]);
        return;
      }
      // Each image's alt is its own word (the Drupal pages ran consecutive alts together).
      if (imageAlt && name === "img" && attribs.alt !== undefined) current().push(` ${attribs.alt} `);
    },
    ontext(text) {
      current().push(text);
    },
    onclosetag(name) {
      if (DROPPED.has(name)) {
        const inner = buffers.pop() ?? [];
        if (inputEnded) current().push(...inner);
      }
      if (!INLINE_ELEMENTS.has(name)) current().push(" ");
    },
  });
  // Elements still open when the input ends were never closed in the source (void ones close at once).
  let inputEnded = false;
  let written = 0;
  while (written < html.length) {
    parser.write(html.slice(written, written + CHUNK_LENGTH));
    written += CHUNK_LENGTH;
    // A cut inside the last (unfinished) text is safe: that text is only longer in the full result.
    if (enough !== Infinity && written < html.length && buffers.length === 1) {
      const text = finish(buffers);
      if (text.length >= enough) return text;
    }
  }
  inputEnded = true;
  parser.end();
  return finish(buffers);
}
