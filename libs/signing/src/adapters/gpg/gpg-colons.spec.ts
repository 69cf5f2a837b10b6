import { parseSecretKeyListing, unescapeColonField, unusableReason } from './gpg-colons';

const LISTING = `sec:u:2048:1:B3A81A7FECA43A8E:1795267769:::u:::scSC:::+:::23::0:
fpr:::::::::8C5150A8C5D4E2C8EA8C212DB3A81A7FECA43A8E:
grp:::::::::C99303E62AD6B5AA0A85B13B4ABF803415BBCBF6:
uid:u::::1795267769::EF9984CED2CAF5ED0ACDE44552447FC5BE1F9416::Test RSA <rsa@example.test>::::::::::0:
uid:r::::1795267769::EF9984CED2CAF5ED0ACDE44552447FC5BE1F9417::Old Name <old@example.test>::::::::::0:
uid:u::::1795267769::EF9984CED2CAF5ED0ACDE44552447FC5BE1F9418::Jörg <j\\x3ax@example.test>::::::::::0:
ssb:u:2048:1:1111111111111111:1795267769::::::e:::+:::23:
fpr:::::::::AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111:
grp:::::::::C99303E62AD6B5AA0A85B13B4ABF803415BBCBF7:
sec:u:255:22:6674E657D07AFC04:1795267770:1900000000::u:::scSC:::+::ed25519:::0:
fpr:::::::::455266999D88B4EAB5C81BF76674E657D07AFC04:
uid:u::::1795267770::D673F9A529679F1DCFE1DA8220B2AC5281113D8F::Test Ed <ed@example.test>::::::::::0:
sec:u:2048:1:912B209554772EB6:1795267966:::u:::ecEC:::+:::23::0:
fpr:::::::::1656A46FF3293AB94E1449F8912B209554772EB6:
sec:e:255:22:E8BA996DA064714A:1577836800:1577923200::u:::sc:::+::ed25519:::0:
fpr:::::::::775D71AFA70AABC8754A433AE8BA996DA064714A:
sec:r:255:22:E8BA996DA064714B:1577836800:::u:::sc:::+::ed25519:::0:
fpr:::::::::775D71AFA70AABC8754A433AE8BA996DA064714B:
sec:u:255:22:E8BA996DA064714C:1577836800:::u:::scSC:::#::ed25519:::0:
fpr:::::::::775D71AFA70AABC8754A433AE8BA996DA064714C:
`;

describe('secret key listing (--with-colons)', () => {
  const keys = parseSecretKeyListing(LISTING);
  const now = new Date(1800000000000);

  it('reads primaries with their fingerprint, uids, algorithm, size and dates', () => {
    expect(keys).toHaveLength(6);
    expect(keys[0]).toEqual({
      fingerprint: '8C5150A8C5D4E2C8EA8C212DB3A81A7FECA43A8E',
      subkeys: ['AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111'],
      uids: ['Test RSA <rsa@example.test>', 'Jörg <j:x@example.test>'],
      validity: 'u',
      algorithm: 'RSA',
      bits: 2048,
      createdAt: new Date(1795267769000),
      expiresAt: null,
      capabilities: 'scSC',
      secretAvailable: true,
    });
    expect(keys[1]).toMatchObject({ algorithm: 'EdDSA', bits: 255, expiresAt: new Date(1900000000000) });
  });

  it('says why a key cannot sign', () => {
    expect(keys.map((key) => unusableReason(key, now))).toEqual([
      null,
      null,
      'cannot sign (no usable signing key or subkey)',
      'expired on 2020-01-02T00:00:00.000Z',
      'is revoked',
      'has no secret key here (only a stub)',
    ]);
    expect(unusableReason(keys[1], new Date(1900000000001))).toMatch(/^expired on 2030/);
  });

  it('unescapes \\xNN sequences as UTF-8 bytes', () => {
    expect(unescapeColonField('a\\x3ab')).toBe('a:b');
    expect(unescapeColonField('\\xc3\\xa9t\\xc3\\xa9')).toBe('été');
    expect(unescapeColonField('plain')).toBe('plain');
  });
});
