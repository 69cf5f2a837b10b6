import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf, RequirePermission } from '@keyward/core';
import { Page } from '@keyward/kernel';
import {
  AuditEventView,
  ListAuditEventsInteractor,
} from '../interactors/queries/list-audit-events/list-audit-events.interactor';
import { AuditEventResponse, ListAuditEventsQuery } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly listEvents: ListAuditEventsInteractor) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Audit events, newest first, filtered by actor, action, target and time',
    description:
      'Every security event: logins, sessions, accounts, roles, teams, groups, resources, API keys, secrets and ' +
      'signing. `from` is inclusive and `to` exclusive; every given filter must match. Each event carries the hash ' +
      'that chains it to the one before (`npm run cli -- audit:verify`).',
  })
  @ApiOkResponse({ type: PageOf(AuditEventResponse) })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventView>> {
    const { actorId, action, targetType, targetId, from, to, limit, offset } = query;
    return this.listEvents.execute({
      filter: { actorId, action, targetType, targetId, from, to },
      page: { limit, offset },
    });
  }
}
