import { AppError } from '@keyward/kernel';
import { CliError, describeFailure, isCommanderFailure } from './cli-error';

describe('describeFailure', () => {
  it('prints domain errors with their code, others with their message, on one line', () => {
    expect(describeFailure(new AppError('EMAIL_TAKEN', 'Taken', 'conflict'))).toBe('error: EMAIL_TAKEN: Taken');
    expect(describeFailure(new CliError('two\n  lines'))).toBe('error: two lines');
    expect(describeFailure('plain')).toBe('error: plain');
  });

  it('uses the first inner error of an AggregateError without a message', () => {
    const error = new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], '');
    expect(describeFailure(error)).toBe('error: connect ECONNREFUSED ::1:5432');
  });

  it('adds the stack and causes only when detailed', () => {
    const error = new CliError('outer', { cause: new Error('inner') });
    expect(describeFailure(error)).toBe('error: outer');
    const detailed = describeFailure(error, true);
    expect(detailed).toMatch(/^error: outer\nCliError: outer\n\s+at /);
    expect(detailed).toContain('caused by: Error: inner');
  });
});

describe('isCommanderFailure', () => {
  it("recognises commander's errors by code and exit code", () => {
    expect(isCommanderFailure(Object.assign(new Error('x'), { code: 'commander.helpDisplayed', exitCode: 0 }))).toBe(
      true,
    );
    expect(isCommanderFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED', exitCode: 1 }))).toBe(false);
    expect(isCommanderFailure(new Error('x'))).toBe(false);
  });
});
