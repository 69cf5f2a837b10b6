import { SigningSetupError } from '../../domain/signing-setup-error';
import { parsePassphraseFile, passphraseFor } from './passphrase-file';

describe('passphrases file', () => {
  const RSA = '8C5150A8C5D4E2C8EA8C212DB3A81A7FECA43A8E';
  const ED = '455266999D88B4EAB5C81BF76674E657D07AFC04';

  it('reads KEYID=passphrase lines with any key reference, skipping comments and blank lines', () => {
    const entries = parsePassphraseFile(
      `# signing keys\r\n\n  # indented comment\nB3A81A7FECA43A8E=p=ss w0rd \r\n 0x${ED.toLowerCase()} =#not a comment\n`,
    );
    expect(entries).toEqual([
      { reference: 'B3A81A7FECA43A8E', passphrase: 'p=ss w0rd ' },
      { reference: `0x${ED.toLowerCase()}`, passphrase: '#not a comment' },
    ]);
    expect(passphraseFor(entries, RSA)).toBe('p=ss w0rd ');
    expect(passphraseFor(entries, ED)).toBe('#not a comment');
    expect(passphraseFor(entries, 'F'.repeat(40))).toBeNull();
    expect(passphraseFor(parsePassphraseFile('ECA43A8E=short id\n'), RSA)).toBe('short id');
  });

  it.each([['no separator here'], ['=orphan'], ['alice@example.org=secret']])(
    'refuses a malformed line without echoing it: %s',
    (line) => {
      const attempt = () => parsePassphraseFile(`# ok\n${line}\n`);
      expect(attempt).toThrow(SigningSetupError);
      expect(attempt).toThrow(/^SIGNING_PASSPHRASES_FILE line 2: expected KEYID=passphrase/);
      expect(attempt).not.toThrow(/secret|orphan|separator/);
    },
  );
});
