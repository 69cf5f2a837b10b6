import { Logger } from '@nestjs/common';
import { SigningSetupError } from '../../domain/signing-setup-error';
import { runGpg } from '../gpg/gpg-process';
import { GpgTools } from '../gpg/gpg-tools';
import { AgentHome, copyKeyring, ensureAgentRoot } from './agent-homes';
import { holdExclusiveLock } from './home-lock';
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

/**
 * gpg-agents, one per private copy of GNUPGHOME. One agent serialises private-key operations, so signing
 * scales with agents, not with gpg processes. Every gpg run holds the shared lock on its copy; preparing a
 * copy and restarting its agent take the exclusive one, so API processes on one host can share the copies.
 */
export class AgentPool {
  readonly agents: Agent[];
  private cursor = 0;
  private prepared = false;
  private readonly logger = new Logger('Signing');

  constructor(
    readonly tools: GpgTools,
    homes: AgentHome[],
    concurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.agents = homes.map((home) => new Agent(home, concurrency));
  }

  /** (Re)makes every copy from `source` and starts its agent. */
  async prepare(dataDir: string, source: string): Promise<void> {
    await ensureAgentRoot(dataDir);
    this.prepared = true;
    await Promise.all(
      this.agents.map((agent) =>
        this.exclusively(agent, async () => {
          await this.gpgconf(agent, ['--kill', 'all']);
          await copyKeyring(source, agent.home);
          await this.checkSocketPath(agent);
          await this.gpgconf(agent, ['--launch', 'gpg-agent']);
        }),
      ),
    );
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

  /** Stops every agent (waiting briefly for signs of other processes that share the copies). */
  async stop(): Promise<void> {
    if (!this.prepared) return;
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
        `gpg-agent socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes: use a shorter DATA_DIR`,
      );
    }
  }
}
