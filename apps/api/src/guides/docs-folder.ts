import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository's docs/ folder, found by walking up from this file: the same code runs from source
 * (apps/api/src/guides) and compiled (dist/apps/api/src/guides), at different depths, and the working directory
 * of `npm start`, a container or a test is not necessarily the repository root.
 */
export function findDocsFolder(from: string = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs');
    if (existsSync(path.join(candidate, 'index.md')) && existsSync(path.join(dir, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
