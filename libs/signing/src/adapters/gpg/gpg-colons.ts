/** A primary key from `gpg --list-secret-keys --with-colons --fixed-list-mode` (doc/DETAILS in GnuPG). */
export interface ListedKey {
  fingerprint: string;
  /** Fingerprints of the subkeys, in listing order. */
  subkeys: string[];
  uids: string[];
  /** Field 2: `e` expired, `r` revoked, `d` disabled, `i` invalid, ... */
  validity: string;
  algorithm: string;
  bits: number;
  createdAt: Date;
  expiresAt: Date | null;
  /** Field 12 of the primary: upper-case letters are what the key as a whole can do (`S`: sign). */
  capabilities: string;
  /** Field 15: `#` means only a stub of the secret key is here (offline primary). */
  secretAvailable: boolean;
}

/** OpenPGP public-key algorithm ids (RFC 4880 9.1, RFC 9580 9.1) as gpg's field 4 reports them. */
const ALGORITHMS: Record<string, string> = {
  '1': 'RSA',
  '2': 'RSA',
  '3': 'RSA',
  '16': 'ElGamal',
  '17': 'DSA',
  '18': 'ECDH',
  '19': 'ECDSA',
  '22': 'EdDSA',
  '25': 'X25519',
  '26': 'X448',
  '27': 'Ed25519',
  '28': 'Ed448',
};

export function algorithmName(id: string): string {
  return ALGORITHMS[id] ?? `algorithm ${id}`;
}

export function parseSecretKeyListing(text: string): ListedKey[] {
  const keys: ListedKey[] = [];
  let current: ListedKey | null = null;
  // The fpr record after `sec` belongs to the primary, the one after `ssb` to that subkey.
  let expecting: 'primary' | 'subkey' | null = null;
  for (const line of text.split('\n')) {
    const f = line.replace(/\r$/, '').split(':');
    switch (f[0]) {
      case 'sec':
        current = {
          fingerprint: '',
          subkeys: [],
          uids: [],
          validity: f[1] ?? '',
          algorithm: algorithmName(f[3] ?? ''),
          bits: Number(f[2]) || 0,
          createdAt: new Date(Number(f[5]) * 1000),
          expiresAt: f[6] ? new Date(Number(f[6]) * 1000) : null,
          capabilities: f[11] ?? '',
          secretAvailable: (f[14] ?? '') !== '#',
        };
        keys.push(current);
        expecting = 'primary';
        break;
      case 'ssb':
        expecting = current ? 'subkey' : null;
        break;
      case 'fpr':
        if (current && expecting === 'primary') current.fingerprint = (f[9] ?? '').toUpperCase();
        if (current && expecting === 'subkey') current.subkeys.push((f[9] ?? '').toUpperCase());
        expecting = null;
        break;
      case 'uid':
        if (current && f[1] !== 'r') current.uids.push(unescapeColonField(f[9] ?? ''));
        break;
    }
  }
  return keys;
}

/** Field values escape `:` and control bytes as `\xNN`; user ids are UTF-8. */
export function unescapeColonField(value: string): string {
  if (!value.includes('\\x')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const escaped = /^\\x([0-9a-fA-F]{2})/.exec(value.slice(i, i + 4));
    if (escaped) {
      bytes.push(parseInt(escaped[1], 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(value[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Why a listed key cannot be a signing key now, or null when it can. */
export function unusableReason(key: ListedKey, now: Date): string | null {
  if (key.validity === 'r') return 'is revoked';
  if (key.validity === 'e' || (key.expiresAt && key.expiresAt <= now)) {
    return `expired on ${key.expiresAt?.toISOString() ?? 'an unknown date'}`;
  }
  if (key.validity === 'd') return 'is disabled';
  if (key.validity === 'i') return 'is invalid';
  if (!key.capabilities.includes('S')) return 'cannot sign (no usable signing key or subkey)';
  if (!key.secretAvailable) return 'has no secret key here (only a stub)';
  return null;
}
