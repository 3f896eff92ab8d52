// What the owner reads when the disk refuses a write to the data folder (one sentence, what and how to fix it, never
// a stack trace), decided here once for the lock, the archive files and the clean-up alike.
import { errorCode } from "../disk.ts";

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
