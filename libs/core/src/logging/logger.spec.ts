import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';

describe('createLogger', () => {
  function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
    const lines: string[] = [];
    return { lines, logger: createLogger('info', { write: (line: string) => void lines.push(line) }) };
  }

  it('logs a failed query without its parameters or the failing row', () => {
    const { lines, logger } = capture();
    const driverError = Object.assign(new Error('null value in column "name" violates not-null constraint'), {
      code: '23502',
      detail: 'Failing row contains ($argon2id$hash-of-a-password, kw-sealed-secret)',
    });
    const error = new QueryFailedError(
      'INSERT INTO "users" VALUES ($1, $2)',
      ['$argon2id$hash-of-a-password', 'kw-sealed-secret'],
      driverError,
    );
    logger.error({ err: error, requestId: 'r-1' }, 'unhandled error');
    const record = JSON.parse(lines[0]);
    expect(record.err).toMatchObject({
      type: 'QueryFailedError',
      message: driverError.message,
      query: 'INSERT INTO "users" VALUES ($1, $2)',
    });
    expect(lines[0]).not.toContain('argon2id');
    expect(lines[0]).not.toContain('kw-sealed-secret');
  });

  it('censors credentials in logged objects by key', () => {
    const { lines, logger } = capture();
    logger.info({ body: { password: 'hunter2 hunter2', refreshToken: 'r.t' } }, 'x');
    expect(lines[0]).not.toMatch(/hunter2|r\.t"/);
    expect(JSON.parse(lines[0]).body.password).toBe('[redacted]');
  });
});
