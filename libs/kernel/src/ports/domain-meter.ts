/*
 * Port offered by the platform: PrometheusDomainMeter (libs/core/src/metrics/prometheus-domain-meter.ts).
 * Used by identity (login), secrets (create, reveal, burn) and signing (sign, sign-batch), from their interactors.
 * Bound in apps/api/src/context-ports.module.ts.
 */

/** How a login attempt ended. `mfa_required` is for logins that stop at the second factor. */
export type LoginOutcome = 'success' | 'failure' | 'rate_limited' | 'mfa_required';

/** What happened to a one-time secret: `burned` by its creator, `destroyed` after too many wrong passphrases. */
export type SecretEvent = 'created' | 'revealed' | 'burned' | 'destroyed';

/** One sign or sign-batch request as it ended. */
export interface SigningSample {
  operation: 'sign' | 'sign-batch';
  /** The configured key that was resolved, or null when the client named none of them (bounded label set). */
  keyid: string | null;
  outcome: 'success' | 'failure';
  seconds: number;
}

/**
 * Counts domain events for the operators' metrics. Recording never throws and never waits: a metric must not
 * change what the caller answers. The class is the DI token.
 */
export abstract class DomainMeter {
  abstract loginAttempted(outcome: LoginOutcome): void;
  abstract secretChanged(event: SecretEvent): void;
  abstract signed(sample: SigningSample): void;
}
