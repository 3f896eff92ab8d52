/** A problem with the configuration, placed where the owner can find it and worded so they can fix it. */
export interface ConfigError {
  /** The file as the owner named it (not made absolute), so messages read like the command they typed. */
  file: string;
  /** 1-based; null when the problem has no place in the file (it is missing or unreadable). */
  line: number | null;
  column: number | null;
  /** Path of the offending key, e.g. `feeds[2].url`; empty for the whole file. */
  key: string;
  message: string;
  fix: string;
}

/** `feeds.yaml:12:5: feeds[2].url: "htp://x" is not an http(s) URL or a file path. Fix: write a full URL ...` */
export function formatConfigError(error: ConfigError): string {
  const place = error.line === null ? error.file : `${error.file}:${error.line}:${error.column ?? 1}`;
  const key = error.key === "" ? "" : ` ${error.key}:`;
  return `${place}:${key} ${error.message} Fix: ${error.fix}`;
}

/** An error about the file as a whole, or a part of it with no single place (a missing file, a list to edit). */
export function fileError(file: string, key: string, message: string, fix: string): ConfigError {
  return { file, line: null, column: null, key, message, fix };
}
