import { longKeyId, normalizeKeyReference, referenceMatches } from './key-reference';

describe('key references', () => {
  const fpr = '8C5150A8C5D4E2C8EA8C212DB3A81A7FECA43A8E';

  it.each([
    ['B3A81A7FECA43A8E', true],
    ['b3a81a7feca43a8e', true],
    ['0xB3A81A7FECA43A8E', true],
    ['FECA43A8E'.slice(1), true],
    ['0xeca43a8e', true],
    [fpr, true],
    [fpr.toLowerCase(), true],
    ['8C51 50A8 C5D4 E2C8 EA8C  212D B3A8 1A7F ECA4 3A8E', true],
    ['ECA43A8F', false],
    ['0000000000000000ECA43A8E', false],
    ['8C5150A8', false],
    ['', false],
    ['not-a-key', false],
    ['ECA43A8', false],
  ])('%s matches: %s', (reference, expected) => {
    expect(referenceMatches(reference, fpr)).toBe(expected);
  });

  it('normalises or refuses', () => {
    expect(normalizeKeyReference(' 0xeca43a8e ')).toBe('ECA43A8E');
    expect(normalizeKeyReference('ECA43A8E1')).toBeNull();
    expect(normalizeKeyReference('alice@example.org')).toBeNull();
    expect(longKeyId(fpr.toLowerCase())).toBe('B3A81A7FECA43A8E');
  });
});
