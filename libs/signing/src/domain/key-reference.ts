/**
 * Normalises what clients and operators write for a key: a short (8 hex) or long (16 hex) key id or a
 * fingerprint (40 hex for v4, 64 for v5), any case, with or without `0x` or spaces between groups.
 * Returns the upper-case hex digits, or null for anything else.
 */
export function normalizeKeyReference(reference: string): string | null {
  const hex = reference.trim().replace(/^0x/i, '').replace(/\s+/g, '').toUpperCase();
  return /^([0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/.test(hex) ? hex : null;
}

/** Whether the reference names the key with this fingerprint (key ids are the fingerprint's tail for v4). */
export function referenceMatches(reference: string, fingerprint: string): boolean {
  const hex = normalizeKeyReference(reference);
  if (!hex) return false;
  const fpr = fingerprint.toUpperCase();
  return hex.length >= 40 ? fpr === hex : fpr.endsWith(hex);
}

/** The long key id of a v4 fingerprint. */
export function longKeyId(fingerprint: string): string {
  return fingerprint.slice(-16).toUpperCase();
}
