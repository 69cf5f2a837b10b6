import type { Guide } from './guide-library';
import { escapeHtml } from './html';

export interface SiteLinks {
  pageUrl: (name: string) => string;
  assetUrl: (file: string) => string;
  /** Swagger UI and ReDoc, linked from every page. */
  swaggerUrl: string;
  redocUrl: string;
}

/** One guide in the site's frame: a sidebar listing every guide (the current one marked), then the page. */
export function guidePage(guide: Guide, guides: readonly Guide[], links: SiteLinks): string {
  const nav = guides
    .map((item) => {
      const current = item.name === guide.name ? ' aria-current="page"' : '';
      return `<li><a href="${escapeHtml(links.pageUrl(item.name))}"${current}>${escapeHtml(item.title)}</a></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(guide.title)} · Keyward</title>
<link rel="stylesheet" href="${escapeHtml(links.assetUrl('pico.classless.min.css'))}">
<link rel="stylesheet" href="${escapeHtml(links.assetUrl('guides.css'))}">
</head>
<body>
<div class="guides">
<nav aria-label="Guides">
<p><strong>Keyward guides</strong></p>
<ul>
${nav}
</ul>
<p>API reference</p>
<ul>
<li><a href="${escapeHtml(links.swaggerUrl)}">Swagger UI</a></li>
<li><a href="${escapeHtml(links.redocUrl)}">ReDoc</a></li>
</ul>
</nav>
<main>
${guide.html}
</main>
</div>
</body>
</html>`;
}

/** The layout Pico's classless sheet does not give: a sidebar beside the page, stacked on narrow screens. */
export const GUIDES_CSS = `.guides { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 2rem;
  max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem; }
.guides > nav { display: block; position: sticky; top: 1rem; align-self: start; }
.guides > nav ul { display: block; padding-left: 0; margin: 0 0 1rem; }
.guides > nav li { display: block; list-style: none; padding: 0.15rem 0; }
.guides > nav a[aria-current="page"] { font-weight: bold; text-decoration: underline; }
.guides > main { padding: 0; min-width: 0; }
.guides pre { overflow-x: auto; padding: 0.75rem 1rem; }
.guides pre code { white-space: pre; padding: 0; }
.guides table { display: block; overflow-x: auto; font-size: 0.9em; }
@media (max-width: 48rem) { .guides { grid-template-columns: 1fr; } .guides > nav { position: static; } }
`;
