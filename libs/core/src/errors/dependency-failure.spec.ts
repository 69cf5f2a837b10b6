import { ReplyError } from 'ioredis';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AppError, ServiceUnavailableError } from '@keyward/kernel';
import { asServiceUnavailable, unavailableDependencyOf } from './dependency-failure';
import { toProblem } from './problem-details';

// The drivers' own error classes where they export them, built as the drivers build them.
function pgError(code: string, message = 'server said no'): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });
}
function viaTypeorm(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}
function redisReply(message: string): Error {
  return new ReplyError(message) as Error;
}
function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('unavailableDependencyOf', () => {
  it.each<[string, unknown]>([
    ['an ioredis command timeout', new Error('Command timed out')],
    [
      'a command refused while disconnected',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['a command on an ended connection', new Error('Connection is closed.')],
    ['a command pending at a disconnect', named('AbortError', 'Command aborted due to connection close')],
    [
      'MaxRetriesPerRequestError',
      named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 0).'),
    ],
    ['a Redis loading its dataset', redisReply('LOADING Redis is loading the dataset in memory')],
    ['a Redis busy with a script', redisReply('BUSY Redis is busy running a script.')],
    ['a read-only replica after a failover', redisReply("READONLY You can't write against a read only replica.")],
  ])('recognises %s as Redis', (_, error) => {
    expect(unavailableDependencyOf(error)).toBe('redis');
  });

  it.each<[string, unknown]>([
    ['a terminated backend (57P01), through TypeORM', viaTypeorm(pgError('57P01', 'terminating connection'))],
    ['a crash shutdown (57P02)', pgError('57P02')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a statement timeout (57014)', viaTypeorm(pgError('57014', 'canceling statement due to statement timeout'))],
    ['too many connections (53300)', pgError('53300')],
    ['a connection failure (08006)', pgError('08006')],
    ['a connection lost mid-query', viaTypeorm(new Error('Connection terminated unexpectedly'))],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      "a client's connect timeout",
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    ],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['a locked SQLite file', viaTypeorm(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))],
    ['a refused connection, through TypeORM', viaTypeorm(socketError('ECONNREFUSED'))],
  ])('recognises %s as the database', (_, error) => {
    expect(unavailableDependencyOf(error)).toBe('database');
  });

  it('recognises bare socket failures, also inside an AggregateError, without naming a dependency', () => {
    expect(unavailableDependencyOf(socketError('ECONNREFUSED'))).toBe('backing service');
    expect(unavailableDependencyOf(socketError('ETIMEDOUT'))).toBe('backing service');
    const dualStack = Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), {
      code: 'ECONNREFUSED',
    });
    expect(unavailableDependencyOf(dualStack)).toBe('backing service');
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', viaTypeorm(pgError('23505', 'duplicate key value violates unique constraint'))],
    ['a missing relation', viaTypeorm(pgError('42P01', 'relation "users" does not exist'))],
    ['a deadlock', viaTypeorm(pgError('40P01', 'deadlock detected'))],
    ['a SQLite constraint', viaTypeorm(Object.assign(new Error('UNIQUE'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))],
    ['a Redis type error', redisReply('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a Redis script error', redisReply('ERR Error running script')],
    ['a file that is missing', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })],
    ['a string', 'Command timed out'],
    ['null', null],
  ])('leaves %s alone', (_, error) => {
    expect(unavailableDependencyOf(error)).toBeNull();
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(unavailableDependencyOf(a)).toBeNull();
  });
});

describe('asServiceUnavailable', () => {
  it('names the dependency the adapter knows and keeps the driver error as the cause', () => {
    const driverError = new Error('Command timed out');
    const error = asServiceUnavailable(driverError, 'session store');
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ dependency: 'session store', code: 'SERVICE_UNAVAILABLE', kind: 'unavailable' });
    expect(error?.cause).toBe(driverError);
    expect(asServiceUnavailable(new Error('boom'), 'session store')).toBeNull();
  });
});

describe('toProblem and unavailable dependencies', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, for the typed error and for a raw driver error', () => {
    for (const error of [new ServiceUnavailableError('session store', 7), viaTypeorm(pgError('57P01'))]) {
      const result = toProblem(error, 'r-1');
      expect(result.problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', requestId: 'r-1' });
      expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
      expect(result.unexpected).toBe(false);
      expect(result.outage).toBeInstanceOf(ServiceUnavailableError);
    }
    expect(toProblem(new ServiceUnavailableError('session store', 7), 'r').headers['retry-after']).toBe('7');
  });

  it('never shows the driver message or SQL to the client', () => {
    const result = toProblem(viaTypeorm(pgError('57P01', 'terminating connection due to administrator command')), 'r');
    expect(JSON.stringify(result.problem)).not.toMatch(/terminating|SELECT/);
    expect(result.problem.detail).toMatch(/database/);
  });

  it('keeps an unrelated error a 500 and other application errors as they are', () => {
    expect(toProblem(new Error('boom'), 'r')).toMatchObject({ problem: { status: 500 }, unexpected: true });
    expect(toProblem(new Error('boom'), 'r').outage).toBeUndefined();
    const conflict = toProblem(new AppError('EMAIL_TAKEN', 'taken', 'conflict'), 'r');
    expect(conflict.problem.status).toBe(409);
    expect(conflict.headers['retry-after']).toBeUndefined();
  });
});
