import { SignedOutput } from '../../../domain/uploads';
import { SignFileCommand } from '../sign-file/sign-file.command';

/** As for one file; `files` yields every `files` part of the upload. */
export type SignBatchCommand = SignFileCommand;

export interface SignedBatch {
  /** In upload order; each signature is a stream to read once. */
  results: { filename: string; signature: SignedOutput }[];
  total: number;
  successful: number;
}
