import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { sendProblem } from '@keyward/core';
import { NotFoundError } from '@keyward/kernel';
import { findDocsFolder } from './docs-folder';
import { GUIDES_CSS, guidePage, SiteLinks } from './guide-layout';
import type { GuideLibrary } from './guide-library';

/**
 * The Markdown guides of docs/ as a small site: `<root>/mkdocs` is docs/index.md, `<root>/mkdocs/<page>` is
 * docs/<page>.md, and the stylesheets sit under `<root>/mkdocs/assets/` (the admin panel has its own under
 * /admin/assets). Without a docs/ folder (an image built without it) the pages answer 404 and a warning says why.
 */
export function registerGuides(fastify: FastifyInstance, rootPath: string, logger: Logger): void {
  const base = `${rootPath}/mkdocs`;
  const links: SiteLinks = {
    pageUrl: (name) => (name === 'index' ? base : `${base}/${name}`),
    assetUrl: (file) => `${base}/assets/${file}`,
    swaggerUrl: `${rootPath}/docs`,
    redocUrl: `${rootPath}/redoc`,
  };
  const folder = findDocsFolder();
  if (!folder) logger.warn('no docs/ folder beside the service: the guides under /mkdocs are not served');
  // Rendered on the first page request (then kept), with marked loaded only then: at start they cost a tenth of it.
  let library: Promise<GuideLibrary> | null = null;
  const libraryOf = (docs: string) =>
    (library ??= import('./guide-library').then(({ GuideLibrary }) => new GuideLibrary(docs, links.pageUrl)));

  const sendPage = async (name: string, request: Parameters<typeof sendProblem>[1], reply: FastifyReply) => {
    const guides = folder ? await libraryOf(folder) : null;
    const guide = guides?.page(name);
    if (!guide || !guides) return sendProblem(new NotFoundError('Guide'), request, reply);
    return reply.type('text/html; charset=utf-8').send(guidePage(guide, guides.all(), links));
  };
  fastify.get(base, (request, reply) => sendPage('index', request, reply));
  fastify.get<{ Params: { page: string } }>(`${base}/:page`, (request, reply) =>
    // /mkdocs/index would be a second address of the home page.
    sendPage(request.params.page === 'index' ? '' : request.params.page, request, reply),
  );

  const pico = readFileSync(require.resolve('@picocss/pico/css/pico.classless.min.css'));
  const assets: Record<string, Buffer | string> = { 'pico.classless.min.css': pico, 'guides.css': GUIDES_CSS };
  fastify.get<{ Params: { file: string } }>(`${base}/assets/:file`, (request, reply) => {
    const asset = Object.hasOwn(assets, request.params.file) ? assets[request.params.file] : undefined;
    if (asset === undefined) return sendProblem(new NotFoundError('Asset'), request, reply);
    void reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(asset);
  });
}
