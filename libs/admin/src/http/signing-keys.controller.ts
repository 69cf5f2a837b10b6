import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, PageQuery } from '@keyward/core';
import { PermissionResolver, Principal } from '@keyward/kernel';
import { ListSigningKeysInteractor } from '@keyward/signing';
import {
  SigningKeyUsageInteractor,
  USAGE_WINDOW_DAYS,
} from '../interactors/queries/signing-key-usage/signing-key-usage.interactor';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { code, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** GET /auth/signing-keys as a page, with each key's recent use from the audit log (for holders of audit:read). */
@AdminController('signing-keys')
export class SigningKeysController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listKeys: ListSigningKeysInteractor,
    private readonly usage: SigningKeyUsageInteractor,
    private readonly permissions: PermissionResolver,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listKeys.execute({ userId: principal.userId, page: query });
    const auditable = (await this.permissions.permissionsOf(principal.userId)).has('audit:read');
    const usage = auditable ? await this.usage.execute() : null;
    const path = `${this.pages.root}/signing-keys`;
    const window = `last ${USAGE_WINDOW_DAYS} days`;
    const data: TablePage = {
      title: 'Signing keys',
      intro: usage
        ? `Requests counts the sign and sign-batch requests of the ${window}${usage.truncated ? ' (the most recent few hundred)' : ''}.`
        : 'Recent use is read from the audit log, which needs audit:read.',
      table: {
        columns: ['Key id', 'User ids', 'Algorithm', 'Expires', 'Requests', 'Failed', 'Last used'],
        rows: page.items.map((k) => {
          const used = usage?.byFingerprint.get(k.fingerprint);
          return [
            code(k.keyid),
            k.uids.join(', '),
            `${k.algorithm} ${k.bits}`,
            k.expiresAt ? when(k.expiresAt) : 'never',
            usage ? (used?.requests ?? 0) : '—',
            usage ? (used?.failures ?? 0) : '—',
            used ? when(used.lastAt) : usage ? 'not recently' : '—',
          ];
        }),
        empty: 'No signing keys (signing is off until SIGNING_KEY_IDS is set).',
      },
      pager: pagerOf(page, path),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }
}
