import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';

/**
 * Any other GET under the panel: a page address with a trailing slash goes to the address without it; anything
 * else is the panel's 404 page (signed in; signed out, the sign-in form), not the API's JSON problem.
 */
@AdminController()
export class NotFoundController {
  constructor(private readonly pages: AdminPages) {}

  @Get('*')
  notFound(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const path = request.url.split('?')[0];
    if (path.endsWith('/') && path.length > this.pages.root.length + 1) {
      return this.pages.redirect(reply, path.slice(this.pages.root.length, -1));
    }
    if (path === `${this.pages.root}/`) return this.pages.redirect(reply, '');
    throw new NotFoundError('Page');
  }
}
