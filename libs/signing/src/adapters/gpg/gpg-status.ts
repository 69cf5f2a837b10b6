import { DigestAlgo, VerifyResult } from '../../domain/signing';
import { longKeyId } from '../../domain/key-reference';

/** One `[GNUPG:] KEYWORD args...` line of gpg's `--status-fd` output (doc/DETAILS in GnuPG). */
export interface StatusLine {
  keyword: string;
  args: string[];
}

/** OpenPGP hash algorithm ids (RFC 4880 9.4), as SIG_CREATED and VALIDSIG report them. */
export const HASH_ALGO_IDS: Record<DigestAlgo, number> = { SHA256: 8, SHA384: 9, SHA512: 10 };

export function parseStatusLines(text: string): StatusLine[] {
  const lines: StatusLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('[GNUPG:] ')) continue;
    const [keyword, ...args] = line.slice('[GNUPG:] '.length).trimEnd().split(' ');
    if (keyword) lines.push({ keyword, args });
  }
  return lines;
}

// gpg-error values carry the error source in bits 24-30 and the code in the low 16 bits (gpg-error.h).
const GPG_ERR_BAD_PASSPHRASE = 11;
const GPG_ERR_CANCELED = 99;
const SOURCE_GPGAGENT = 4;
/** Codes that mean the agent is gone or its socket broke, not that the key or input is wrong. */
const AGENT_LOST_CODES = new Set([
  77, // GPG_ERR_NO_AGENT
  78, // GPG_ERR_AGENT
  259, // GPG_ERR_ASS_CONNECT_FAILED
  270, // GPG_ERR_ASS_READ_ERROR
  271, // GPG_ERR_ASS_WRITE_ERROR
  16383, // GPG_ERR_EOF: the agent died during the operation
  // errno values carry bit 15 and libgpg-error's own index (errnos.in), not the host's errno
  0x8000 | 25, // ECONNREFUSED
  0x8000 | 26, // ECONNRESET: the agent was killed while gpg talked to it
  0x8000 | 109, // EPIPE
]);

/** The error values of ERROR and FAILURE lines (`ERROR <location> <value>`, `FAILURE <location> <value>`). */
export function errorValues(lines: StatusLine[]): number[] {
  return lines
    .filter((l) => l.keyword === 'ERROR' || l.keyword === 'FAILURE')
    .map((l) => Number(l.args[1]))
    .filter((value) => Number.isInteger(value));
}

const codeOf = (value: number) => value & 0xffff;
const sourceOf = (value: number) => (value >>> 24) & 0x7f;

export function badPassphrase(lines: StatusLine[]): boolean {
  return (
    lines.some((l) => l.keyword === 'BAD_PASSPHRASE') ||
    errorValues(lines).some((v) => codeOf(v) === GPG_ERR_BAD_PASSPHRASE)
  );
}

/** Whether a failure points at the agent (gone, unreachable, broken) so that restarting it may help. */
export function pointsAtAgent(lines: StatusLine[]): boolean {
  if (badPassphrase(lines)) return false;
  return lines.some((line) => {
    if (line.keyword !== 'ERROR' && line.keyword !== 'FAILURE') return false;
    const value = Number(line.args[1]);
    if (!Number.isInteger(value)) return false;
    const code = codeOf(value);
    if (AGENT_LOST_CODES.has(code)) return true;
    return line.keyword === 'ERROR' && sourceOf(value) === SOURCE_GPGAGENT && code !== GPG_ERR_CANCELED;
  });
}

export interface CreatedSignature {
  /** D (detached), C (clear), S (standard). */
  type: string;
  pubkeyAlgo: number;
  hashAlgo: number;
  createdAt: Date;
  fingerprint: string;
}

/** `SIG_CREATED <type> <pk_algo> <hash_algo> <class> <timestamp> <keyfpr>`. */
export function createdSignature(lines: StatusLine[]): CreatedSignature | null {
  const line = lines.find((l) => l.keyword === 'SIG_CREATED');
  if (!line || line.args.length < 6) return null;
  const [type, pubkeyAlgo, hashAlgo, , timestamp, fingerprint] = line.args;
  return {
    type,
    pubkeyAlgo: Number(pubkeyAlgo),
    hashAlgo: Number(hashAlgo),
    createdAt: new Date(Number(timestamp) * 1000),
    fingerprint: fingerprint.toUpperCase(),
  };
}

const INV_SGNR_REASONS: Record<string, string> = {
  '1': 'not found',
  '2': 'ambiguous',
  '3': 'not usable for signing',
  '4': 'revoked',
  '5': 'expired',
  '9': 'no secret key',
  '13': 'disabled',
};

/** A sentence about why gpg failed, safe for clients: built from status codes only, never stderr text. */
export function describeFailure(lines: StatusLine[], exitCode: number | null): string {
  if (badPassphrase(lines)) return 'gpg reported a bad passphrase';
  // A lost agent also makes gpg call the key unusable (INV_SGNR 0), so it is checked first.
  if (pointsAtAgent(lines)) return 'gpg lost its connection to gpg-agent';
  const invalid = lines.find((l) => l.keyword === 'INV_SGNR');
  if (invalid) return `gpg cannot sign with this key (${INV_SGNR_REASONS[invalid.args[0]] ?? 'unusable'})`;
  if (lines.some((l) => l.keyword === 'KEYEXPIRED')) return 'gpg cannot sign with this key (expired)';
  const value = errorValues(lines)[0];
  if (value !== undefined) return `gpg failed with error code ${codeOf(value)}`;
  return `gpg exited with status ${exitCode ?? 'unknown'}`;
}

/**
 * Reads a `--verify` run. Valid means a good signature (GOODSIG with VALIDSIG) and no bad or uncheckable one;
 * expired and revoked keys and expired signatures are not valid. The key is reported by its primary key.
 */
export function verification(lines: StatusLine[]): VerifyResult | null {
  const find = (keyword: string) => lines.find((l) => l.keyword === keyword);
  const validsig = find('VALIDSIG');
  const failed = ['BADSIG', 'ERRSIG', 'EXPSIG', 'EXPKEYSIG', 'REVKEYSIG'].map(find).find(Boolean);
  if (validsig && !failed && find('GOODSIG')) {
    const fingerprint = (validsig.args[9] ?? validsig.args[0]).toUpperCase();
    return {
      valid: true,
      keyid: longKeyId(fingerprint),
      fingerprint,
      signedAt: new Date(Number(validsig.args[2]) * 1000),
    };
  }
  if (validsig) {
    const fingerprint = (validsig.args[9] ?? validsig.args[0]).toUpperCase();
    return {
      valid: false,
      keyid: longKeyId(fingerprint),
      fingerprint,
      signedAt: new Date(Number(validsig.args[2]) * 1000),
    };
  }
  if (failed) {
    // ERRSIG <keyid> <pkalgo> <hashalgo> <class> <time> <rc> [<fpr>]; the others start with the key id.
    const errsigFpr =
      failed.keyword === 'ERRSIG' && /^[0-9A-F]{40,64}$/i.test(failed.args[6] ?? '') ? failed.args[6] : null;
    const time = failed.keyword === 'ERRSIG' ? Number(failed.args[4]) : NaN;
    return {
      valid: false,
      keyid: failed.args[0]?.toUpperCase() ?? null,
      fingerprint: errsigFpr?.toUpperCase() ?? null,
      signedAt: time > 0 ? new Date(time * 1000) : null,
    };
  }
  if (find('NODATA') || find('NO_PUBKEY') || find('BADARMOR') || find('UNEXPECTED')) {
    return { valid: false, keyid: null, fingerprint: null, signedAt: null };
  }
  return null;
}
