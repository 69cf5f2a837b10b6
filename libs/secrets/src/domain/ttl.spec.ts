import { MAX_TTL_SECONDS, ttlSeconds } from './ttl';

describe('ttlSeconds', () => {
  it.each([
    [undefined, MAX_TTL_SECONDS],
    [1, 1],
    [604800, 604800],
    [{ days: 1, hours: 2, minutes: 3 }, 86400 + 7200 + 180],
    [{ days: 7 }, 604800],
    [{ minutes: 0, hours: 1 }, 3600],
  ])('accepts %j as %d seconds', (ttl, seconds) => {
    expect(ttlSeconds(ttl)).toBe(seconds);
  });

  it.each([
    [0],
    [-1],
    [604801],
    [1.5],
    ['60'],
    [null],
    [[]],
    [{}],
    [{ days: 8 }],
    [{ weeks: 1 }],
    [{ hours: -1, days: 1 }],
    [{ minutes: 0 }],
    [{ days: 1.5 }],
    [Number.NaN],
  ])('refuses %j', (ttl) => {
    expect(ttlSeconds(ttl)).toBeNull();
  });
});
