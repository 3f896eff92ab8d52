// What the archive makes of the file system's errors, decided here once for the lock, the archive files and the
// clean-up alike: which codes mean "no hard links here", and what the owner reads when the disk refuses a write (one
// sentence, what and how to fix it, never a stack trace).

/** The error's file-system code (`ENOENT`, `ENOSPC`…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK", "ENOSYS"]);

/** Whether `error` says the file system has no hard links (or none here): then a copy or a plain write does the job. */
export function isNoHardLinks(error: unknown): boolean {
  return NO_HARD_LINKS.has(errorCode(error) ?? "");
}

/** `error` (from a file-system call on something in `dataDir`) as one sentence with its fix. */
export function diskProblem(error: unknown, dataDir: string): string {
  switch (errorCode(error)) {
    case "ENOSPC":
      return `The disk that holds the data folder ${dataDir} is full, so the archive could not be written. Free some space on it, then run again; nothing already archived was lost.`;
    case "EDQUOT":
      return `The disk quota for the data folder ${dataDir} is used up, so the archive could not be written. Free some space or raise the quota, then run again; nothing already archived was lost.`;
    case "EROFS":
      return `The data folder ${dataDir} is on a read-only file system, so the archive cannot be written. Mount it read-write, or give a writable folder with --data.`;
    case "EACCES":
    case "EPERM":
      return `The data folder ${dataDir} is not writable by this user, so the archive cannot be written. Give the user running Blogroll write access to it (and to the files in it), or give another folder with --data.`;
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return `The archive in the data folder ${dataDir} could not be written (${detail}). Check the disk and the folder, then run again.`;
    }
  }
}
