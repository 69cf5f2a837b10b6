import { Injectable } from '@nestjs/common';
import { ChainBreak, ChainVerifier } from '../../../domain/audit-chain';
import { AuditChainReader } from '../../../domain/audit-chain-reader';

export interface ChainReport {
  /** Events checked before the first break (all of them when intact). */
  events: number;
  firstBreak: ChainBreak | null;
}

/** How often progress is reported while walking a long chain. */
const PROGRESS_EVERY = 10_000;

/**
 * Walks the whole audit chain in order and names the first broken link; the chain head must then name the last
 * event, or events were removed from the end.
 */
@Injectable()
export class VerifyAuditChainInteractor {
  constructor(private readonly chain: AuditChainReader) {}

  async execute(options: { onProgress?: (checked: number, total: number) => void } = {}): Promise<ChainReport> {
    const total = await this.chain.count();
    const verifier = new ChainVerifier();
    let lastSeq = 0;
    for await (const event of this.chain.walk()) {
      const broken = verifier.next(event);
      if (broken) return { events: verifier.checked - 1, firstBreak: broken };
      lastSeq = event.seq;
      if (verifier.checked % PROGRESS_EVERY === 0) options.onProgress?.(verifier.checked, total);
    }
    const head = await this.chain.head();
    const end = { position: verifier.checked + 1, eventId: '(none)', seq: lastSeq + 1 };
    if (!head) return { events: verifier.checked, firstBreak: { ...end, problem: 'the chain head row is missing' } };
    if (head.seq !== lastSeq || head.hash !== verifier.head)
      return {
        events: verifier.checked,
        firstBreak: {
          ...end,
          problem:
            `the chain head names event ${head.seq} (hash ${head.hash}) but the chain ends at event ${lastSeq}` +
            ` (hash ${verifier.head}): events at the end were removed`,
        },
      };
    return { events: verifier.checked, firstBreak: null };
  }
}
