import { Injectable } from '@nestjs/common';
import { ListAuditEventsInteractor } from '@keyward/audit';
import { Clock } from '@keyward/kernel';

export interface KeyUsage {
  /** Sign and sign-batch requests in the window, successful or not. */
  requests: number;
  failures: number;
  lastAt: string;
}

/** How far back "recent" reaches, and how many events of each action are read at most. */
export const USAGE_WINDOW_DAYS = 7;
const MOST_EVENTS = 200;
const SIGNING_ACTIONS = ['signing.sign', 'signing.sign-batch'];

/**
 * Recent use of each signing key (by fingerprint), from the audit log: the sign and sign-batch events of the last
 * days, newest first, at most a few hundred of each. `truncated` says the window held more than was read.
 */
@Injectable()
export class SigningKeyUsageInteractor {
  constructor(
    private readonly audit: ListAuditEventsInteractor,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ byFingerprint: Map<string, KeyUsage>; truncated: boolean }> {
    const from = new Date(this.clock.now().getTime() - USAGE_WINDOW_DAYS * 24 * 60 * 60 * 1000);
    const pages = await Promise.all(
      SIGNING_ACTIONS.map((action) =>
        this.audit.execute({ filter: { action, from }, page: { limit: MOST_EVENTS, offset: 0 } }),
      ),
    );
    const byFingerprint = new Map<string, KeyUsage>();
    for (const event of pages.flatMap((page) => page.items)) {
      if (event.targetType !== 'signing-key' || !event.targetId) continue;
      const usage = byFingerprint.get(event.targetId) ?? { requests: 0, failures: 0, lastAt: event.at };
      usage.requests += 1;
      if (event.details.result !== 'success') usage.failures += 1;
      if (event.at > usage.lastAt) usage.lastAt = event.at;
      byFingerprint.set(event.targetId, usage);
    }
    return { byFingerprint, truncated: pages.some((page) => page.total > page.items.length) };
  }
}
