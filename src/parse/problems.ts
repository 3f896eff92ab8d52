// What was wrong with a document's XML, in plain words with a line: one note per kind of problem,
// so a feed with ten thousand `&nbsp;` gets one line in its warning, not ten thousand.

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line += 1;
  return line;
}

export class ProblemNotes {
  readonly messages: string[] = [];
  private readonly seen = new Set<string>();

  /** Notes the first problem of a kind; the message is built only then, since counting lines is not free. */
  note(kind: string, message: () => string): void {
    if (this.seen.has(kind)) return;
    this.seen.add(kind);
    this.messages.push(message());
  }
}
