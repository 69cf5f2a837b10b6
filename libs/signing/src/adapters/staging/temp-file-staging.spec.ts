import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FileTooLargeError } from '../../domain/signing-errors';
import { TempFileStaging } from './temp-file-staging';

describe('TempFileStaging', () => {
  let dir: string;
  let staging: TempFileStaging;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-staging-unit-'));
    staging = new TempFileStaging(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (...chunks: string[]) => ({ field: 'file', filename: 'f.txt', content: Readable.from(chunks) });

  it('writes a private file under a random name, with its size and SHA-256', async () => {
    const staged = await staging.stage(file('hello', ' ', 'world'), 11);
    expect(staged).toEqual({
      path: expect.stringMatching(new RegExp(`^${dir}/keyward-[0-9a-f]{32}$`)),
      filename: 'f.txt',
      size: 11,
      sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    });
    expect(statSync(staged.path).mode & 0o777).toBe(0o600);
    expect(staging.reservePath()).not.toBe(staging.reservePath());
  });

  it('stops past the limit and leaves nothing behind', async () => {
    await expect(staging.stage(file('hello', ' world'), 10)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops when aborted and leaves nothing behind', async () => {
    const never = new Readable({ read() {} });
    never.push('partial');
    const aborted = new AbortController();
    const staged = staging.stage({ field: 'file', filename: 'f', content: never }, 100, aborted.signal);
    setTimeout(() => aborted.abort(), 20);
    await expect(staged).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('hands a file over as a stream whose name is already gone', async () => {
    const staged = await staging.stage(file('signature'), 100);
    const output = await staging.takeOver(staged.path);
    expect(readdirSync(dir)).toEqual([]);
    expect([output.size, await text(output.content)]).toEqual([9, 'signature']);
    await staging.remove([staged.path, path.join(dir, 'never-existed')]);
  });
});
