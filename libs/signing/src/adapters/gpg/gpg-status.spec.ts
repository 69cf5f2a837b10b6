import {
  badPassphrase,
  createdSignature,
  describeFailure,
  parseStatusLines,
  pointsAtAgent,
  verification,
} from './gpg-status';

const FPR = '8C5150A8C5D4E2C8EA8C212DB3A81A7FECA43A8E';
const status = (...lines: string[]) => parseStatusLines(lines.map((l) => `[GNUPG:] ${l}`).join('\n') + '\n');

describe('gpg status lines', () => {
  it('parses keywords and arguments, ignoring other text', () => {
    const lines = parseStatusLines(
      `gpg: some text\n[GNUPG:] KEY_CONSIDERED ${FPR} 2\n[GNUPG:] BEGIN_SIGNING H9\r\n\n[GNUPG:] SIG_CREATED D 1 9 00 1795267773 ${FPR}\n`,
    );
    expect(lines.map((l) => l.keyword)).toEqual(['KEY_CONSIDERED', 'BEGIN_SIGNING', 'SIG_CREATED']);
    expect(lines[1].args).toEqual(['H9']);
    expect(createdSignature(lines)).toEqual({
      type: 'D',
      pubkeyAlgo: 1,
      hashAlgo: 9,
      createdAt: new Date(1795267773000),
      fingerprint: FPR,
    });
    expect(createdSignature(status('BEGIN_SIGNING H8'))).toBeNull();
  });

  it('recognises a bad passphrase (agent source, code 11) and does not blame the agent for it', () => {
    const lines = status(`KEY_CONSIDERED ${FPR} 2`, 'BEGIN_SIGNING H8', 'FAILURE sign 67108875');
    expect(badPassphrase(lines)).toBe(true);
    expect(pointsAtAgent(lines)).toBe(false);
    expect(describeFailure(lines, 2)).toBe('gpg reported a bad passphrase');
    expect(badPassphrase(status('BAD_PASSPHRASE B3A81A7FECA43A8E'))).toBe(true);
  });

  it.each([
    ['the agent died during the operation (EOF)', 'FAILURE sign 33570815', true],
    ['no agent running', 'ERROR sign 33554509', true],
    ['connecting to the agent failed', 'FAILURE sign 33554691', true],
    ['the agent was killed while gpg talked to it', 'FAILURE sign 33587226', true],
    ['the agent socket broke', 'FAILURE sign 33587309', true],
    ['an agent-side error', 'ERROR keyinfo 67108942', true],
    ['no secret key', 'FAILURE sign 17', false],
    ['a verification failure', 'FAILURE gpg-exit 33554433', false],
  ])('%s -> agent to blame: %s', (_, line, expected) => {
    expect(pointsAtAgent(status(line))).toBe(expected);
  });

  it('describes failures from status codes only', () => {
    expect(describeFailure(status('INV_SGNR 9 DEADBEEFDEADBEEF', 'FAILURE sign 17'), 2)).toBe(
      'gpg cannot sign with this key (no secret key)',
    );
    expect(describeFailure(status('KEYEXPIRED 1600000000'), 2)).toBe('gpg cannot sign with this key (expired)');
    expect(describeFailure(status('FAILURE sign 33570815'), 2)).toBe('gpg lost its connection to gpg-agent');
    expect(describeFailure(status(`INV_SGNR 0 ${FPR}`, 'FAILURE sign 33587226'), 2)).toBe(
      'gpg lost its connection to gpg-agent',
    );
    expect(describeFailure(status('FAILURE sign 33554437'), 2)).toBe('gpg failed with error code 5');
    expect(describeFailure([], 2)).toBe('gpg exited with status 2');
  });

  describe('verification', () => {
    it('is valid for a good signature and reports the primary key and time', () => {
      const lines = status(
        'NEWSIG',
        'GOODSIG B3A81A7FECA43A8E Test RSA <rsa@example.test>',
        `VALIDSIG ${FPR} 2026-11-21 1795267773 0 4 0 1 9 00 ${FPR}`,
        'TRUST_ULTIMATE 0 pgp',
      );
      expect(verification(lines)).toEqual({
        valid: true,
        keyid: 'B3A81A7FECA43A8E',
        fingerprint: FPR,
        signedAt: new Date(1795267773000),
      });
    });

    it('is invalid, not an error, for a bad signature, an unknown key or no signature at all', () => {
      expect(verification(status('NEWSIG', 'BADSIG B3A81A7FECA43A8E Test RSA', 'FAILURE gpg-exit 33554433'))).toEqual({
        valid: false,
        keyid: 'B3A81A7FECA43A8E',
        fingerprint: null,
        signedAt: null,
      });
      expect(
        verification(
          status('NEWSIG', `ERRSIG B3A81A7FECA43A8E 1 10 00 1795267941 9 ${FPR}`, 'NO_PUBKEY B3A81A7FECA43A8E'),
        ),
      ).toEqual({ valid: false, keyid: 'B3A81A7FECA43A8E', fingerprint: FPR, signedAt: new Date(1795267941000) });
      expect(verification(status('NODATA 1', 'NODATA 2'))).toEqual({
        valid: false,
        keyid: null,
        fingerprint: null,
        signedAt: null,
      });
    });

    it('is invalid for a good signature by an expired key', () => {
      const lines = status(
        'EXPKEYSIG B3A81A7FECA43A8E Test RSA',
        `VALIDSIG ${FPR} 2026-11-21 1795267773 0 4 0 1 9 00 ${FPR}`,
      );
      expect(verification(lines)).toMatchObject({ valid: false, fingerprint: FPR });
    });

    it('knows nothing when gpg said nothing about a signature', () => {
      expect(verification(status('KEY_CONSIDERED x 0'))).toBeNull();
    });
  });
});
