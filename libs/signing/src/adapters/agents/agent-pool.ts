import { Logger } from '@nestjs/common';
import { SigningSetupError } from '../../domain/signing-setup-error';
import { runGpg } from '../gpg/gpg-process';
import { GpgTools } from '../gpg/gpg-tools';
import {
  AgentHome,
  agentHomes,
  copyKeyring,
  copyPrivateKeys,
  ensureAgentRoot,
  MIN_S2K_COUNT,
  removeAgentRoot,
} from './agent-homes';
import { holdExclusiveLock, holdLock } from './home-lock';
import { pickLeastBusy, Semaphore } from './semaphore';

export class Agent {
  readonly slots: Semaphore;
  /** Set while this process restarts the agent; new work on it waits. */
  restarting: Promise<void> | null = null;

  constructor(
    readonly location: AgentHome,
    concurrency: number,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  get index(): number {
    return this.location.index;
  }
  get home(): string {
    return this.location.home;
  }
  get lockFile(): string {
    return this.location.lockFile;
  }
}

/** Longest path a Unix socket can have (sun_path is 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

export interface PrepareOptions {
  /** Gives the copies' agents the smallest S2K count, so that `protectCheaply` re-protects keys with it. */
  cheapProtection: boolean;
}

/**
 * gpg-agents, one per private copy of GNUPGHOME, in one root folder. One agent serialises private-key
 * operations, so signing scales with agents, not with gpg processes. Every gpg run holds the shared lock on its
 * copy; preparing a copy and restarting its agent take the exclusive one, so API processes on one host can
 * share the copies. Each process holds a shared lock on the root while it runs; the last one to stop removes it.
 */
export class AgentPool {
  readonly agents: Agent[];
  private cursor = 0;
  private prepared = false;
  private releaseRoot: (() => Promise<void>) | null = null;
  private readonly logger = new Logger('Signing');

  constructor(
    readonly tools: GpgTools,
    readonly root: string,
    count: number,
    concurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.agents = agentHomes(root, count).map((home: AgentHome) => new Agent(home, concurrency));
  }

  /** (Re)makes every copy from `source` and starts its agent. */
  async prepare(source: string, options: PrepareOptions): Promise<void> {
    // A root that is not ours is refused before this process would stop anything in it or remove it.
    await ensureAgentRoot(this.root);
    this.prepared = true;
    this.releaseRoot = await holdLock(this.rootLock, 'shared', this.timeoutMs, { background: true });
    const agentOptions = options.cheapProtection ? [`s2k-count ${MIN_S2K_COUNT}`] : [];
    await Promise.all(
      this.agents.map((agent) =>
        this.exclusively(agent, async () => {
          await this.gpgconf(agent, ['--kill', 'all']);
          await copyKeyring(source, agent.home, agentOptions);
          await this.checkSocketPath(agent);
          await this.gpgconf(agent, ['--launch', 'gpg-agent']);
        }),
      ),
    );
  }

  /**
   * Re-protects the secret keys on the first copy (`protect` runs there under its exclusive lock), then gives
   * every other copy those key files: the passphrase KDF is paid once per key, not once per key and agent.
   */
  async protectCheaply(protect: (agent: Agent) => Promise<void>): Promise<void> {
    const [first, ...others] = this.agents;
    await this.exclusively(first, () => protect(first));
    const releaseFirst = await holdLock(first.lockFile, 'shared', this.timeoutMs);
    try {
      await Promise.all(
        others.map((agent) =>
          this.exclusively(agent, async () => {
            await this.gpgconf(agent, ['--kill', 'gpg-agent']);
            await copyPrivateKeys(first.home, agent.home);
            await this.gpgconf(agent, ['--launch', 'gpg-agent']);
          }),
        ),
      );
    } finally {
      await releaseFirst();
    }
  }

  /** Runs `work` on the least busy agent once one of its slots is free. */
  async run<T>(signal: AbortSignal | undefined, work: (agent: Agent) => Promise<T>): Promise<T> {
    const agent = this.agents[pickLeastBusy(this.loads(), this.cursor)];
    this.cursor = (agent.index + 1) % this.agents.length;
    const release = await agent.slots.acquire(signal);
    try {
      if (agent.restarting) await agent.restarting;
      return await work(agent);
    } finally {
      release();
    }
  }

  /** Restarts the agent under the exclusive lock; concurrent calls for the same agent share one restart. */
  restart(agent: Agent): Promise<void> {
    agent.restarting ??= this.exclusively(agent, async () => {
      await this.gpgconf(agent, ['--kill', 'gpg-agent']);
      await this.gpgconf(agent, ['--launch', 'gpg-agent']);
    })
      .catch((error: unknown) => {
        // gpg starts a missing agent on its own, so signing goes on; only the clean restart was lost.
        this.logger.warn(`could not restart gpg-agent ${agent.index}: ${(error as Error).message}`);
      })
      .finally(() => {
        agent.restarting = null;
      });
    return agent.restarting;
  }

  /**
   * Stops every agent (waiting briefly for signs of other processes that share the copies), then removes the
   * root with the copies unless another process still holds it.
   */
  async stop(): Promise<void> {
    if (!this.prepared) return;
    this.prepared = false;
    await this.stopAgents();
    await this.releaseRoot?.();
    this.releaseRoot = null;
    const releaseAlone = await holdLock(this.rootLock, 'exclusive', 0).catch(() => null);
    if (!releaseAlone) return;
    try {
      await removeAgentRoot(this.root);
    } catch (error) {
      this.logger.warn(`could not remove the gpg-agent folder ${this.root}: ${(error as Error).message}`);
    } finally {
      await releaseAlone();
    }
  }

  private async stopAgents(): Promise<void> {
    await Promise.all(
      this.agents.map(async (agent) => {
        const release = await holdExclusiveLock(agent.lockFile, 5000).catch(() => null);
        try {
          await this.gpgconf(agent, ['--kill', 'all']);
        } catch (error) {
          this.logger.warn(`could not stop gpg-agent ${agent.index}: ${(error as Error).message}`);
        } finally {
          await release?.();
        }
      }),
    );
  }

  private get rootLock(): string {
    return `${this.root}/root.lock`;
  }

  loads(): number[] {
    return this.agents.map((agent) => agent.slots.load + (agent.restarting ? 1 : 0));
  }

  private async exclusively(agent: Agent, work: () => Promise<void>): Promise<void> {
    const release = await holdExclusiveLock(agent.lockFile, this.timeoutMs);
    try {
      await work();
    } finally {
      await release();
    }
  }

  private async gpgconf(agent: Agent, args: string[]): Promise<string> {
    const outcome = await runGpg({ command: this.tools.gpgconf, args, home: agent.home, timeoutMs: this.timeoutMs });
    if (outcome.exitCode !== 0) {
      throw new Error(`gpgconf ${args.join(' ')} exited with status ${outcome.exitCode ?? 'unknown'}`);
    }
    return outcome.stdout;
  }

  /** gpg puts the agent's sockets in the home unless a /run/user socket directory exists for it. */
  private async checkSocketPath(agent: Agent): Promise<void> {
    const socket = async () => (await this.gpgconf(agent, ['--list-dirs', 'agent-socket'])).trim();
    if (Buffer.byteLength(await socket()) <= MAX_SOCKET_PATH) return;
    await this.gpgconf(agent, ['--create-socketdir']).catch(() => '');
    const path = await socket();
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      throw new SigningSetupError(
        `gpg-agent socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes: set a shorter XDG_RUNTIME_DIR or TMPDIR`,
      );
    }
  }
}
