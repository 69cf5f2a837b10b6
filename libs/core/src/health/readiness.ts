import { Injectable } from '@nestjs/common';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
}

/** Dependencies that /health/ready reports on. Contexts register their own (e.g. gpg) at module init. */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, () => Promise<void>>();

  register(name: string, check: () => Promise<void>): void {
    this.checks.set(name, check);
  }

  async report(timeoutMs = 3000): Promise<{ ready: boolean; checks: Record<string, DependencyStatus> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = performance.now();
        const up = await withTimeout(check(), timeoutMs).then(
          () => true,
          () => false,
        );
        const status: DependencyStatus = {
          status: up ? 'up' : 'down',
          latencyMs: Math.round(performance.now() - started),
        };
        return [name, status] as const;
      }),
    );
    return { ready: entries.every(([, s]) => s.status === 'up'), checks: Object.fromEntries(entries) };
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
