import type { Readable } from 'node:stream';

/** One file of a multipart upload, still arriving: its content can be read once. */
export interface IncomingFile {
  /** The form field it came in (`file`, `files`, `signature`). */
  field: string;
  filename: string;
  content: Readable;
}

/** An upload written to SIGNING_TMP_DIR in full, with what the audit log records about it. */
export interface StagedFile {
  path: string;
  filename: string;
  size: number;
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
}

/** gpg's output, opened for reading; its name is already gone from the disk. */
export interface SignedOutput {
  content: Readable;
  size: number;
}

/** Private temporary files for gpg's input and output. The class is the DI token. */
export abstract class FileStaging {
  /**
   * Streams the file to a new private file, counting and hashing on the way. Past `maxBytes` it stops
   * reading, removes what it wrote and throws FileTooLargeError.
   */
  abstract stage(file: IncomingFile, maxBytes: number, signal?: AbortSignal): Promise<StagedFile>;
  /** A fresh path for gpg to write to; nothing is created. */
  abstract reservePath(): string;
  /**
   * Opens the file and removes its name at once: the content stays readable until the stream is closed,
   * and nothing is left on disk whether the reader finishes, fails or is abandoned.
   */
  abstract takeOver(path: string): Promise<SignedOutput>;
  /** Removes files that may or may not exist. */
  abstract remove(paths: string[]): Promise<void>;
}
