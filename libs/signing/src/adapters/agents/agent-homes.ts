import { createHash } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { appendFile, chmod, cp, lstat, mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SigningSetupError } from '../../domain/signing-setup-error';

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

/** The smallest S2K iteration count gpg-agent accepts (OpenPGP's encoded count 96). */
export const MIN_S2K_COUNT = 65536;

/**
 * The folder that holds this service's agent copies: on a tmpfs when the OS has one (the copies' private keys
 * then never reach a disk, and are gone at reboot), else in the temp dir. Named after the user and DATA_DIR,
 * so that the processes of one service share it (WORKERS) and two services on a host never do.
 */
export function agentRoot(dataDir: string, xdgRuntimeDir: string | null): string {
  const candidates = [xdgRuntimeDir, '/dev/shm', os.tmpdir()].filter((dir): dir is string => !!dir);
  const base = candidates.find(writableDirectory) ?? os.tmpdir();
  const tag = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(base, `keyward-${os.userInfo().uid}-${tag}`);
}

export function agentHomes(root: string, count: number): AgentHome[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    home: path.join(root, String(index)),
    lockFile: path.join(root, `${index}.lock`),
  }));
}

/**
 * Makes the root (mode 0700) or accepts an existing one only if it is a real folder of this user that nobody
 * else can enter: /dev/shm and the temp dir are world-writable, so another user could have made it first.
 */
export async function ensureAgentRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const found = await lstat(root);
  if (!found.isDirectory() || found.uid !== os.userInfo().uid) {
    throw new SigningSetupError(`The gpg-agent folder ${root} is not a folder of this user: remove it`);
  }
  await chmod(root, 0o700);
}

/** Removes the root with every copy in it. The agents must be stopped. */
export async function removeAgentRoot(root: string): Promise<void> {
  // An agent on its way out may still be removing its sockets.
  await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

/**
 * Replaces the copy's keyring with the source's. The caller holds the exclusive lock and stopped the agent.
 * `agentOptions` go to the copy's gpg-agent.conf after the source's own.
 */
export async function copyKeyring(source: string, target: string, agentOptions: string[] = []): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chmod(target, 0o700);
  for (const entry of KEYRING_ENTRIES) {
    const from = path.join(source, entry);
    const to = path.join(target, entry);
    await rm(to, { recursive: true, force: true });
    if (await exists(from)) await cp(from, to, { recursive: true, preserveTimestamps: true });
  }
  const options = [...AGENT_OPTIONS, ...agentOptions];
  await appendFile(path.join(target, 'gpg-agent.conf'), `\n${options.join('\n')}\n`, { mode: 0o600 });
}

/** Replaces the copy's secret keys with another copy's. The caller holds both locks and stopped the agent. */
export async function copyPrivateKeys(source: string, target: string): Promise<void> {
  const to = path.join(target, 'private-keys-v1.d');
  await rm(to, { recursive: true, force: true });
  await cp(path.join(source, 'private-keys-v1.d'), to, { recursive: true, preserveTimestamps: true });
}

function writableDirectory(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
