import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GuideLibrary, guideHref } from './guide-library';

const pageUrl = (name: string) => (name === 'index' ? '/auth/mkdocs' : `/auth/mkdocs/${name}`);

describe('GuideLibrary', () => {
  let folder: string;
  let library: GuideLibrary;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'keyward-guides-'));
    writeFileSync(path.join(folder, 'index.md'), '# Home `page`\n\nSee [the guide](guide.md#part-two).\n');
    writeFileSync(
      path.join(folder, 'guide.md'),
      'Intro before any heading.\n\n# A *guide*\n\n## Part two\n\n<script>alert(1)</script>\n\nInline <img src=x onerror=alert(1)> tag.\n\n' +
        '[external](https://example.com/x.md) [anchor](#part-two) [README](../README.md)\n',
    );
    writeFileSync(path.join(folder, 'untitled.md'), 'No heading here.\n');
    writeFileSync(path.join(folder, 'Notes.md'), '# Not a page name\n');
    writeFileSync(path.join(folder, 'draft.txt'), '# Not Markdown\n');
    mkdirSync(path.join(folder, 'sub.md'));
    library = new GuideLibrary(folder, pageUrl);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('serves only files named like a page, index first, titled by their first heading', () => {
    expect(library.all().map(({ name, title }) => [name, title])).toEqual([
      ['index', 'Home page'],
      ['guide', 'A guide'],
      ['untitled', 'untitled'],
    ]);
  });

  it('looks up nothing outside the names it loaded', () => {
    for (const name of ['Notes', 'draft', 'sub', '../index', 'index.md', '', 'INDEX']) {
      expect([name, library.page(name)]).toEqual([name, null]);
    }
  });

  it('links guides to their pages, keeping anchors, and gives headings the ids those anchors use', () => {
    expect(library.page('index')?.html).toContain('<a href="/auth/mkdocs/guide#part-two">the guide</a>');
    expect(library.page('guide')?.html).toContain('<h2 id="part-two">Part two</h2>');
  });

  it('shows raw HTML of the Markdown as text instead of trusting it', () => {
    const html = library.page('guide')?.html ?? '';
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/);
  });

  it('leaves external links, anchors and files that are not guides as written', () => {
    const html = library.page('guide')?.html ?? '';
    expect(html).toContain('<a href="https://example.com/x.md">external</a>');
    expect(html).toContain('<a href="#part-two">anchor</a>');
    expect(guideHref('../README.md', pageUrl)).toBe('../README.md');
    expect(guideHref('./guide.md', pageUrl)).toBe('/auth/mkdocs/guide');
    expect(guideHref('index.md', pageUrl)).toBe('/auth/mkdocs');
  });
});
