import { canonicalJson, chainHash, ChainedEvent, ChainedFields, ChainVerifier, GENESIS_HASH } from './audit-chain';

const fields = (seq: number, details: Record<string, unknown> = { n: seq }): ChainedFields => ({
  seq,
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  at: new Date(Date.UTC(2026, 10, 28, 12, 0, seq)),
  actorId: null,
  action: 'auth.login.success',
  targetType: 'user',
  targetId: 'someone',
  ip: '192.0.2.1',
  requestId: `req-${seq}`,
  via: 'api',
  details,
});

/** A valid chain of `n` events. */
function chain(n: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const hash = chainHash(prevHash, fields(seq));
    events.push({ ...fields(seq), prevHash, hash });
    prevHash = hash;
  }
  return events;
}

const firstBreak = (events: ChainedEvent[]) => {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const broken = verifier.next(event);
    if (broken) return broken;
  }
  return null;
};

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined, so equal values serialize alike', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('chainHash', () => {
  it('is 64 hex characters and depends on the previous hash and on every field', () => {
    const base = chainHash(GENESIS_HASH, fields(1));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, fields(1))).toBe(base);
    expect(chainHash('1'.repeat(64), fields(1))).not.toBe(base);
    const changes: Partial<ChainedFields>[] = [
      { seq: 2 },
      { id: '00000000-0000-4000-8000-999999999999' },
      { at: new Date(Date.UTC(2026, 10, 28, 12, 0, 1, 1)) },
      { actorId: '00000000-0000-4000-8000-000000000001' },
      { action: 'auth.login.failure' },
      { targetType: 'role' },
      { targetId: 'other' },
      { ip: '192.0.2.2' },
      { requestId: 'req-x' },
      { via: 'admin' },
      { details: { n: 2 } },
    ];
    for (const change of changes) expect(chainHash(GENESIS_HASH, { ...fields(1), ...change })).not.toBe(base);
  });

  it('hashes details as stored (JSON), whatever their key order', () => {
    const a = chainHash(GENESIS_HASH, fields(1, { a: 1, b: [1, 2], when: new Date(0), gone: undefined }));
    const b = chainHash(GENESIS_HASH, fields(1, { b: [1, 2], when: '1970-01-01T00:00:00.000Z', a: 1 }));
    expect(a).toBe(b);
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and ends on its last hash', () => {
    const events = chain(4);
    const verifier = new ChainVerifier();
    for (const event of events) expect(verifier.next(event)).toBeNull();
    expect(verifier.checked).toBe(4);
    expect(verifier.head).toBe(events[3].hash);
  });

  it('names an edited event by position and id', () => {
    const events = chain(4);
    events[2] = { ...events[2], details: { n: 'edited' } };
    expect(firstBreak(events)).toMatchObject({ position: 3, seq: 3, eventId: events[2].id });
    expect(firstBreak(events)?.problem).toMatch(/does not match its fields/);
  });

  it('names a gap left by a deleted event', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(firstBreak(events)).toEqual({
      position: 2,
      seq: 3,
      eventId: events[1].id,
      problem: 'sequence 3 where 2 was expected: events 2 to 2 are missing',
    });
  });

  it('names a link to the wrong previous hash, even when the event re-hashed itself', () => {
    const events = chain(3);
    const forged = { ...fields(2), prevHash: 'f'.repeat(64) };
    events[1] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    expect(firstBreak(events)).toMatchObject({ position: 2, eventId: events[1].id });
    expect(firstBreak(events)?.problem).toMatch(/previous hash f+ is not the hash of the event before/);
  });
});
