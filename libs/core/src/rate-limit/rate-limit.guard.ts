import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { RateLimitedError } from '../errors/app-error';
import { RateLimiter } from './rate-limiter';

const RATE_LIMIT = 'keyward:rate-limit';

/**
 * Limits a route by the rule of that name in the configuration (`AppConfig.rateLimit.rules`). Counters are
 * per client IP and, when the JSON body names an email, per email too, so one noisy client cannot lock
 * out an account for everyone else.
 */
export const RateLimit = (rule: string) => SetMetadata(RATE_LIMIT, rule);

interface LimitedRequest {
  ip: string;
  body?: unknown;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ruleName = this.reflector.get<string | undefined>(RATE_LIMIT, context.getHandler());
    if (!ruleName || !this.config.rateLimit.enabled) return true;
    const rule = this.config.rateLimit.rules[ruleName];
    if (!rule) throw new Error(`No rate-limit rule named "${ruleName}"`);
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    const email = (request.body as { email?: unknown } | undefined)?.email;
    const subject =
      typeof email === 'string' ? `${request.ip}:${email.trim().toLowerCase().slice(0, 320)}` : request.ip;
    const decision = await this.limiter.consume(`${ruleName}:${subject}`, rule.limit, rule.windowSeconds);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    return true;
  }
}
