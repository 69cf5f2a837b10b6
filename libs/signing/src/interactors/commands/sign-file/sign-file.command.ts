import { DigestAlgo, SignType } from '../../../domain/signing';
import { IncomingFile } from '../../../domain/uploads';

export interface SignFileCommand {
  actorId: string;
  ip: string | null;
  /** Short or long key id or fingerprint, as the client sent it. */
  keyid: string;
  signType: SignType;
  digestAlgo: DigestAlgo;
  /** The upload, read only once the key is known to be usable. */
  files: AsyncIterable<IncomingFile>;
  /** Aborted when the client goes away: gpg is killed and the staged files removed. */
  signal?: AbortSignal;
}
