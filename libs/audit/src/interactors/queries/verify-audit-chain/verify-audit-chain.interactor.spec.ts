import { chainHash, ChainedEvent, GENESIS_HASH } from '../../../domain/audit-chain';
import { AuditChainReader } from '../../../domain/audit-chain-reader';
import { VerifyAuditChainInteractor } from './verify-audit-chain.interactor';

/** A stored chain of `n` valid events, and the head row that names its last one. */
class ChainInMemory extends AuditChainReader {
  events: ChainedEvent[] = [];
  headRow: { seq: number; hash: string } | null = { seq: 0, hash: GENESIS_HASH };
  reads = 0;

  constructor(n: number) {
    super();
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const fields = {
        seq,
        id: `event-${seq}`,
        at: new Date(Date.UTC(2026, 10, 28, 0, 0, 0, seq)),
        actorId: null,
        action: 'auth.login.success',
        targetType: null,
        targetId: null,
        ip: null,
        requestId: null,
        via: null,
        details: {},
      };
      const hash = chainHash(prevHash, fields);
      this.events.push({ ...fields, prevHash, hash });
      prevHash = hash;
    }
    this.headRow = { seq: n, hash: prevHash };
  }
  async count() {
    return this.events.length;
  }
  async *walk() {
    for (const event of this.events) {
      this.reads += 1;
      yield event;
    }
  }
  async head() {
    return this.headRow;
  }
}

describe('VerifyAuditChainInteractor', () => {
  it('reports progress every 10,000 events of a long chain, then the whole chain intact', async () => {
    const chain = new ChainInMemory(25_000);
    const progress: string[] = [];
    const report = await new VerifyAuditChainInteractor(chain).execute({
      onProgress: (checked, total) => progress.push(`${checked}/${total}`),
    });
    expect(progress).toEqual(['10000/25000', '20000/25000']);
    expect(report).toEqual({ events: 25_000, firstBreak: null });
  });

  it('stops at the first break without reading further', async () => {
    const chain = new ChainInMemory(10);
    chain.events[3] = { ...chain.events[3], action: 'user.deleted' };
    chain.events[6] = { ...chain.events[6], action: 'user.deleted' };
    const report = await new VerifyAuditChainInteractor(chain).execute();
    expect(report).toMatchObject({ events: 3, firstBreak: { position: 4, eventId: 'event-4', seq: 4 } });
    expect(chain.reads).toBe(4);
  });

  it('names events missing at the end, and a missing head row', async () => {
    const chain = new ChainInMemory(5);
    chain.events.splice(3);
    const cut = await new VerifyAuditChainInteractor(chain).execute();
    expect(cut.events).toBe(3);
    expect(cut.firstBreak).toMatchObject({ position: 4, eventId: '(none)', seq: 4 });
    expect(cut.firstBreak?.problem).toMatch(/head names event 5 .* ends at event 3/);
    chain.headRow = null;
    expect((await new VerifyAuditChainInteractor(chain).execute()).firstBreak?.problem).toBe(
      'the chain head row is missing',
    );
  });

  it('accepts an empty chain', async () => {
    expect(await new VerifyAuditChainInteractor(new ChainInMemory(0)).execute()).toEqual({
      events: 0,
      firstBreak: null,
    });
  });
});
