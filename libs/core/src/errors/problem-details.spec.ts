import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError, RateLimitedError, ValidationFailedError } from '@keyward/kernel';
import { toProblem } from './problem-details';

describe('toProblem', () => {
  it('maps application errors by kind and keeps their extensions', () => {
    const { problem } = toProblem(
      new AppError('WRONG_PASSPHRASE', 'Wrong passphrase', 'forbidden', { attemptsLeft: 3 }),
      'r-1',
    );
    expect(problem).toEqual({
      type: 'urn:keyward:problem:wrong-passphrase',
      title: 'Forbidden',
      status: 403,
      detail: 'Wrong passphrase',
      code: 'WRONG_PASSPHRASE',
      requestId: 'r-1',
      attemptsLeft: 3,
    });
    expect(toProblem(new ValidationFailedError('bad', [{ field: 'a', message: 'b' }]), 'r').problem.errors).toEqual([
      { field: 'a', message: 'b' },
    ]);
  });

  it('adds Retry-After to rate-limit problems', () => {
    const result = toProblem(new RateLimitedError(42), 'r');
    expect(result.problem.status).toBe(429);
    expect(result.headers['retry-after']).toBe('42');
  });

  it('turns framework client errors into stable codes', () => {
    expect(toProblem(new NotFoundException(), 'r').problem.code).toBe('NOT_FOUND');
    const wrapped = new BadRequestException('x', {
      cause: Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
    });
    expect(toProblem(wrapped, 'r').problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'Request body is not valid JSON',
    });
  });

  it('hides unexpected errors behind a generic 500 with the request id', () => {
    const result = toProblem(new Error('relation "users" does not exist at /app/x.js:1'), 'r-9');
    expect(result.unexpected).toBe(true);
    expect(result.problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: 'r-9' });
    expect(JSON.stringify(result.problem)).not.toMatch(/relation|users|x\.js/);
  });
});
