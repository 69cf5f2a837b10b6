import { ChainedEvent } from './audit-chain';

/** The chain as stored, for audit:verify. The class is the DI token. */
export abstract class AuditChainReader {
  abstract count(): Promise<number>;
  /** Every event in chain order (by seq), read a batch at a time. */
  abstract walk(batchSize?: number): AsyncIterable<ChainedEvent>;
  /** What the head row says the last event is; null when the row is missing. */
  abstract head(): Promise<{ seq: number; hash: string } | null>;
}
