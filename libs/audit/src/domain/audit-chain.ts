import { createHash } from 'node:crypto';
import { AuditVia } from '@keyward/kernel';

/** The previous hash of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a stored event that its hash covers (all of them but the hashes themselves). */
export interface ChainedFields {
  seq: number;
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  via: AuditVia | null;
  details: Record<string, unknown>;
}

export interface ChainedEvent extends ChainedFields {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always serializes to the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * SHA-256 (hex) over the previous event's hash and this event's fields. Details go through JSON first, as the
 * database keeps them, so a hash made at write time matches the one recomputed from the stored row.
 */
export function chainHash(prevHash: string, event: ChainedFields): string {
  const fields = [
    event.seq,
    event.id,
    event.at.toISOString(),
    event.actorId,
    event.action,
    event.targetType,
    event.targetId,
    event.ip,
    event.requestId,
    event.via,
    JSON.parse(JSON.stringify(event.details)) as unknown,
  ];
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(fields)}`)
    .digest('hex');
}

/** The first place where the stored chain disagrees with itself. */
export interface ChainBreak {
  /** 1-based position in the walk, and the event found there. */
  position: number;
  eventId: string;
  seq: number;
  problem: string;
}

/**
 * Walks events in chain order, one at a time (a chain can be longer than memory), and names the first break:
 * a missing sequence number (a deleted event), a link to a previous hash that is not the previous event's (an
 * event removed or inserted), or a stored hash the event's own fields no longer produce (an edited event).
 */
export class ChainVerifier {
  private previous: { seq: number; hash: string } | null = null;
  private position = 0;

  get checked(): number {
    return this.position;
  }

  /** The last hash seen: the chain head once every event was fed. */
  get head(): string {
    return this.previous?.hash ?? GENESIS_HASH;
  }

  next(event: ChainedEvent): ChainBreak | null {
    this.position += 1;
    const at = { position: this.position, eventId: event.id, seq: event.seq };
    const expectedSeq = (this.previous?.seq ?? 0) + 1;
    if (event.seq !== expectedSeq) {
      const missing =
        event.seq > expectedSeq ? `events ${expectedSeq} to ${event.seq - 1} are missing` : 'out of order';
      return { ...at, problem: `sequence ${event.seq} where ${expectedSeq} was expected: ${missing}` };
    }
    const expectedPrev = this.previous?.hash ?? GENESIS_HASH;
    if (event.prevHash !== expectedPrev)
      return {
        ...at,
        problem: `previous hash ${event.prevHash} is not the hash of the event before (${expectedPrev})`,
      };
    const recomputed = chainHash(event.prevHash, event);
    if (recomputed !== event.hash)
      return { ...at, problem: `stored hash ${event.hash} does not match its fields (they hash to ${recomputed})` };
    this.previous = { seq: event.seq, hash: event.hash };
    return null;
  }
}
