import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentRoot, ensureAgentRoot } from './agent-homes';

describe('the agent copies folder', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'keyward-agent-root-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('prefers XDG_RUNTIME_DIR, then /dev/shm, then the temp dir, and is named after the user and DATA_DIR', () => {
    const name = (root: string) => path.basename(root);
    expect(path.dirname(agentRoot('/srv/keyward', scratch))).toBe(scratch);
    const fallback = existsWritable('/dev/shm') ? '/dev/shm' : os.tmpdir();
    expect(path.dirname(agentRoot('/srv/keyward', path.join(scratch, 'missing')))).toBe(fallback);
    expect(path.dirname(agentRoot('/srv/keyward', null))).toBe(fallback);
    expect(name(agentRoot('/srv/keyward', null))).toMatch(new RegExp(`^keyward-${os.userInfo().uid}-[0-9a-f]{12}$`));
    expect(agentRoot('/srv/keyward', null)).toBe(agentRoot('/srv/keyward/', null));
    expect(agentRoot('/srv/keyward', null)).not.toBe(agentRoot('/srv/other', null));
  });

  it('makes the folder 0700, tightens an existing one, and refuses a symbolic link planted in its place', async () => {
    const root = path.join(scratch, 'root');
    await ensureAgentRoot(root);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    rmSync(root, { recursive: true });
    mkdirSync(root, { mode: 0o755 });
    await ensureAgentRoot(root);
    expect(statSync(root).mode & 0o777).toBe(0o700);

    const planted = path.join(scratch, 'planted');
    mkdirSync(path.join(scratch, 'elsewhere'));
    symlinkSync(path.join(scratch, 'elsewhere'), planted);
    await expect(ensureAgentRoot(planted)).rejects.toThrow(
      `The gpg-agent folder ${planted} is not a folder of this user`,
    );
  });
});

function existsWritable(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return false;
  }
}
