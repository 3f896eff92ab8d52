// Text that enters the archive is well-formed Unicode. A lone surrogate is valid inside a JSON string
// (`"title": "bad \ud800"`) but is no character: the search indexer and the renderer fail on it. It becomes
// U+FFFD, the replacement character, as undecodable bytes already do when a document is decoded.

/**
 * `value` with every string in it, however deep in arrays and plain objects, made well-formed. Containers are
 * copied only where something changed, so well-formed data (nearly all of it) comes back as it was, unallocated.
 * A brand such as SanitizedHtml survives: swapping a lone surrogate for U+FFFD cannot make markup.
 */
export function wellFormed<T>(value: T): T {
  return repaired(value) as T;
}

function repaired(value: unknown): unknown {
  if (typeof value === "string") return value.isWellFormed() ? value : value.toWellFormed();
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((element: unknown, index) => {
      const fixed = repaired(element);
      if (fixed !== element) (copy ??= [...value])[index] = fixed;
    });
    return copy ?? value;
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | null = null;
    for (const [key, element] of Object.entries(value)) {
      const fixed = repaired(element);
      if (fixed !== element) (copy ??= { ...value })[key] = fixed;
    }
    return copy ?? value;
  }
  return value;
}
