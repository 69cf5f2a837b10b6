import { findUnsafeInput } from './unsafe-input';

const rules = { maxDepth: 32, refuseNul: true };

function arrays(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

describe('findUnsafeInput', () => {
  it('inspects a million levels without overflowing the stack', () => {
    expect(findUnsafeInput({ email: arrays(1_000_000) }, rules)).toEqual({
      field: 'email',
      message: 'must not be nested deeper than 32 levels',
    });
  });

  it('allows exactly maxDepth levels, counting the root', () => {
    expect(findUnsafeInput({ a: arrays(31) }, rules)).toBeNull();
    expect(findUnsafeInput({ a: arrays(32) }, rules)?.field).toBe('a');
    expect(findUnsafeInput(arrays(33), rules)?.field).toBe('body');
  });

  it('reports the first offending value in document order, with its path', () => {
    const value = { a: 'ok', b: [{ c: 'x\u0000' }], d: '\ud800' };
    expect(findUnsafeInput(value, rules)).toEqual({ field: 'b.0.c', message: 'must not contain NUL characters' });
    expect(findUnsafeInput(value, { ...rules, refuseNul: false })).toEqual({
      field: 'd',
      message: 'must not contain lone UTF-16 surrogates',
    });
    expect(findUnsafeInput('\udfff', rules)?.field).toBe('body');
  });

  it('accepts paired surrogates and ordinary values', () => {
    expect(findUnsafeInput({ key: '🔑', n: 1, t: true, z: null, list: ['é', { x: [] }] }, rules)).toBeNull();
  });
});
