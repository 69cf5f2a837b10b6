import { createHash, randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError } from '../../domain/signing-errors';
import { FileStaging, IncomingFile, SignedOutput, StagedFile } from '../../domain/uploads';

/** Staging in one directory (SIGNING_TMP_DIR), under random names that another user cannot guess or read. */
export class TempFileStaging extends FileStaging {
  constructor(private readonly directory: string) {
    super();
  }

  reservePath(): string {
    return path.join(this.directory, `keyward-${randomBytes(16).toString('hex')}`);
  }

  async stage(file: IncomingFile, maxBytes: number, signal?: AbortSignal): Promise<StagedFile> {
    const target = this.reservePath();
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLargeError(maxBytes, file.filename));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // O_EXCL: a name planted in a shared temp directory is never followed or reused.
    const handle = await open(target, 'wx', 0o600);
    try {
      await pipeline(file.content, meter, handle.createWriteStream(), signal ? { signal } : {});
    } catch (error) {
      await this.remove([target]);
      throw error;
    }
    return { path: target, filename: file.filename, size, sha256: hash.digest('hex') };
  }

  async takeOver(file: string): Promise<SignedOutput> {
    const handle = await open(file, 'r');
    try {
      await unlink(file);
      const { size } = await handle.stat();
      return { content: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async remove(paths: string[]): Promise<void> {
    await Promise.all(
      paths.map((file) =>
        unlink(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
    );
  }
}
