import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Marked, Tokens } from 'marked';
import { escapeHtml, slugOf } from './html';

/** A page name: what may appear in a URL and a file name; nothing else is ever looked up. */
export const PAGE_NAME = /^[a-z0-9-]+$/;

export interface Guide {
  /** The file name without `.md`; `index` is the site's home page. */
  name: string;
  /** The text of the page's first heading, or its name when it has none. */
  title: string;
  /** The rendered body (HTML). */
  html: string;
}

/**
 * Every Markdown guide of a folder, rendered once (at the first page request): later requests only look pages up
 * in a map, and only names read from the folder are ever opened (no path traversal, no per-request I/O). Files whose names are not page names
 * (README.MD, notes.txt, sub-folders) are not served.
 */
export class GuideLibrary {
  private readonly guides = new Map<string, Guide>();

  constructor(folder: string, pageUrl: (name: string) => string) {
    const renderer = markdownRenderer(pageUrl);
    const names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && PAGE_NAME.test(entry.name.slice(0, -3)))
      .map((entry) => entry.name.slice(0, -3))
      .sort((a, b) => (a === 'index' ? -1 : b === 'index' ? 1 : a.localeCompare(b)));
    for (const name of names) {
      const markdown = readFileSync(path.join(folder, `${name}.md`), 'utf8');
      this.guides.set(name, { name, title: titleOf(markdown) ?? name, html: renderer.parse(markdown) as string });
    }
  }

  /** The guide of that name; null for an unknown or malformed one. */
  page(name: string): Guide | null {
    return PAGE_NAME.test(name) ? (this.guides.get(name) ?? null) : null;
  }

  /** Every guide, the index first, then by name (the navigation). */
  all(): Guide[] {
    return [...this.guides.values()];
  }
}

/** The plain text of the first level-1 heading. */
function titleOf(markdown: string): string | null {
  const heading = new Marked().lexer(markdown).find((token): token is Tokens.Heading => token.type === 'heading');
  return heading ? plainText(heading.text) : null;
}

function plainText(inline: string): string {
  return inline.replace(/[`*_]/g, '').trim();
}

/**
 * GitHub-flavoured Markdown with three changes for a site: links to another guide (`operator-guide.md#backups`)
 * point at its page, headings get ids so those anchors land, and raw HTML in the Markdown is shown as text
 * rather than trusted (the pages carry no scripts, and the CSP would refuse inline ones anyway).
 */
function markdownRenderer(pageUrl: (name: string) => string): Marked {
  return new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${slugOf(plainText(text))}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(guideHref(href, pageUrl))}"${titleAttribute}>${this.parser.parseInline(tokens)}</a>`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
    },
  });
}

/** `x.md` and `x.md#part` become the page's URL; anything else (external links, anchors) stays as written. */
export function guideHref(href: string, pageUrl: (name: string) => string): string {
  const match = /^(?:\.\/)?([a-z0-9-]+)\.md(#.*)?$/.exec(href);
  return match ? `${pageUrl(match[1])}${match[2] ?? ''}` : href;
}
