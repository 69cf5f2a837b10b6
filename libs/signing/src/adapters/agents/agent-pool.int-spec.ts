import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { agentProcesses, createGpgFixture, GpgFixture } from '../../../../../test/fixtures/gpg';
import { gpgTools } from '../gpg/gpg-tools';
import { AgentPool } from './agent-pool';

describe('the agent root shared by the processes of one service', () => {
  let fixture: GpgFixture;
  let scratch: string;
  beforeAll(() => {
    fixture = createGpgFixture([{ algo: 'ed25519' }]);
    scratch = mkdtempSync('/tmp/kwr-');
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('is removed by the last pool to stop, not by the first (WORKERS share it)', async () => {
    const root = path.join(scratch, 'agents');
    const [first, second] = [0, 1].map(() => new AgentPool(gpgTools('gpg'), root, 1, 1, 10000));
    try {
      await first.prepare(fixture.home, { cheapProtection: true });
      await second.prepare(fixture.home, { cheapProtection: true });

      await first.stop();
      expect(existsSync(path.join(root, '0', 'private-keys-v1.d'))).toBe(true);
      await second.stop();
      expect(existsSync(root)).toBe(false);
      expect(agentProcesses(root)).toEqual([]);
    } finally {
      // A pool left running holds its lock on the root through a child process, which would keep jest alive.
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
