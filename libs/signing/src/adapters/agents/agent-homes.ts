import { appendFile, chmod, cp, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** One private copy of GNUPGHOME with its own gpg-agent, and the lock file that guards it. */
export interface AgentHome {
  index: number;
  home: string;
  lockFile: string;
}

/** What makes a keyring (gpg 2.2 keybox or legacy files, gpg 2.4 keyboxd) and its configuration. */
const KEYRING_ENTRIES = [
  'pubring.kbx',
  'pubring.gpg',
  'trustdb.gpg',
  'private-keys-v1.d',
  'public-keys.d',
  'gpg.conf',
  'gpg-agent.conf',
  'common.conf',
];

/**
 * Appended to each copy's gpg-agent.conf (later lines win). Loopback is how the passphrase reaches the agent;
 * ignoring the cache when signing makes every sign check the passphrase it is given, so a wrong one cannot
 * ride on a right one that another process cached.
 */
const AGENT_OPTIONS = ['allow-loopback-pinentry', 'ignore-cache-for-signing'];

export function agentHomes(dataDir: string, count: number): AgentHome[] {
  const root = path.join(dataDir, 'gnupg-agents');
  return Array.from({ length: count }, (_, index) => ({
    index,
    home: path.join(root, String(index)),
    lockFile: path.join(root, `${index}.lock`),
  }));
}

export async function ensureAgentRoot(dataDir: string): Promise<void> {
  const root = path.join(dataDir, 'gnupg-agents');
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700);
}

/** Replaces the copy's keyring with the source's. The caller holds the exclusive lock and stopped the agent. */
export async function copyKeyring(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chmod(target, 0o700);
  for (const entry of KEYRING_ENTRIES) {
    const from = path.join(source, entry);
    const to = path.join(target, entry);
    await rm(to, { recursive: true, force: true });
    if (await exists(from)) await cp(from, to, { recursive: true, preserveTimestamps: true });
  }
  await appendFile(path.join(target, 'gpg-agent.conf'), `\n${AGENT_OPTIONS.join('\n')}\n`, { mode: 0o600 });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
