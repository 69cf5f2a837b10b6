import { ServiceUnavailableError } from '@keyward/kernel';
import { Argon2Config } from '../config/platform-config';

/** A full queue drains in about a second at the default cost; a client retrying sooner would only queue again. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Admits at most `concurrency` Argon2 computations (password hashes, secrets' passphrase KDF) to libuv's thread
 * pool at once, and `queueLimit` more waiting in order. Without it a login flood would put every request's hash
 * on the pool: the pool's other users (fs, dns.lookup, zlib) would wait behind them and latency would grow
 * without bound. Past the queue a request is refused at once with 503 and Retry-After, which a client can act on.
 * One instance per process, shared by identity and secrets (`Argon2SlotsModule`).
 */
export class Argon2Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: Pick<Argon2Config, 'concurrency' | 'queueLimit'>) {}

  /** Runs `work` once a slot is free; throws ServiceUnavailableError (503) without running it if the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Computations waiting for a slot now (for metrics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queueLimit) {
      return Promise.reject(new ServiceUnavailableError('password hashing', RETRY_AFTER_SECONDS));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next in line, so `running` stays as it is.
    if (next) next();
    else this.running -= 1;
  }
}
