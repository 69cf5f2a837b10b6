import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { DashboardCountsInteractor } from '../interactors/queries/dashboard-counts/dashboard-counts.interactor';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';

@AdminController()
export class DashboardController {
  constructor(
    private readonly pages: AdminPages,
    private readonly counts: DashboardCountsInteractor,
  ) {}

  @Get()
  async dashboard(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FastifyReply> {
    const counts = await this.counts.execute({ actorId: principal.userId });
    return this.pages.render(request, reply, 'dashboard', {
      counts: [
        { label: 'Users', value: counts.users, path: '/users' },
        { label: 'Active sessions', value: counts.activeSessions, path: '/users' },
        { label: 'Teams', value: counts.teams, path: '/teams' },
        { label: 'Pending secrets', value: counts.pendingSecrets, path: '/secrets' },
        { label: 'Signing requests (24 h)', value: counts.signingRequests24h, path: '/audit?action=signing.sign' },
      ],
    });
  }
}
