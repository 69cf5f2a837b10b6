import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, PageOf, PageQuery, UuidParam } from '@keyward/core';
import { Page, Principal } from '@keyward/kernel';
import { RevokeSessionInteractor } from '../interactors/commands/revoke-session/revoke-session.interactor';
import { ListSessionsInteractor, SessionView } from '../interactors/queries/list-sessions/list-sessions.interactor';
import { SessionResponse } from './dto/me.dto';

@ApiTags('sessions')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly listSessions: ListSessionsInteractor,
    private readonly revokeSession: RevokeSessionInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's live sessions, newest first" })
  @ApiOkResponse({ type: PageOf(SessionResponse) })
  @ApiProblems(400, 401)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<SessionView>> {
    return this.listSessions.execute({ userId: principal.userId, currentSessionId: principal.sessionId, page });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of the caller’s sessions' })
  @ApiNoContentResponse()
  @ApiProblems(401, 404)
  async revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Session') id: string): Promise<void> {
    await this.revokeSession.execute({ userId: principal.userId, sessionId: id });
  }
}
