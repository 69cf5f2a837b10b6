import { Opening, SealedContent, Sealing, Secret, SecretCipher, SecretRepository } from '@keyward/secrets';
import { Page, PageRequest } from '@keyward/kernel';

export class InMemorySecretRepository extends SecretRepository {
  readonly rows = new Map<string, Secret>();

  async create(secret: Secret): Promise<void> {
    this.rows.set(secret.id, structuredClone(secret));
  }
  async findByLookupHash(lookupHash: string): Promise<Secret | null> {
    const row = [...this.rows.values()].find((s) => s.lookupHash === lookupHash);
    return row ? structuredClone(row) : null;
  }
  async claimForReveal(id: string, now: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row?.content || row.revealedAt || row.burnedAt || row.expiresAt <= now) return false;
    Object.assign(row, { content: null, revealedAt: now, failedAttempts: Math.max(0, row.failedAttempts - 1) });
    return true;
  }
  async takeAttempt(id: string, now: Date, maxAttempts: number): Promise<number | null> {
    const row = this.rows.get(id);
    if (!row?.content || row.revealedAt || row.burnedAt || row.expiresAt <= now) return null;
    if (row.failedAttempts >= maxAttempts) return null;
    row.failedAttempts += 1;
    return row.failedAttempts;
  }
  async burn(id: string, now: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row?.content || row.expiresAt <= now) return false;
    Object.assign(row, { content: null, burnedAt: now });
    return true;
  }
  async findForCreator(creatorId: string, id: string): Promise<Secret | null> {
    const row = this.rows.get(id);
    return row && row.creatorId === creatorId ? structuredClone(row) : null;
  }
  async listForCreator(creatorId: string, page: PageRequest): Promise<Page<Secret>> {
    const all = [...this.rows.values()].filter((s) => s.creatorId === creatorId);
    return {
      items: all.slice(page.offset, page.offset + page.limit).map((s) => structuredClone(s)),
      total: all.length,
      ...page,
    };
  }
  async countPending(now: Date): Promise<number> {
    return [...this.rows.values()].filter((row) => row.content && row.expiresAt > now).length;
  }
  async purgeExpired(now: Date, before: Date): Promise<{ contentPurged: number; recordsDeleted: number }> {
    let contentPurged = 0;
    let recordsDeleted = 0;
    for (const row of [...this.rows.values()]) {
      if (row.content && row.expiresAt <= now) {
        row.content = null;
        contentPurged += 1;
      }
      if ((row.creatorId === null && row.content === null) || row.expiresAt < before) {
        this.rows.delete(row.id);
        recordsDeleted += 1;
      }
    }
    return { contentPurged, recordsDeleted };
  }
}

/** A transparent "cipher": the content records what sealed it, and opens only with the same inputs. */
export class FakeSecretCipher extends SecretCipher {
  async seal(plaintext: string, passphrase: string, secretKey: string, ad: Buffer): Promise<Sealing> {
    const content: SealedContent = {
      ciphertext: JSON.stringify({ plaintext, passphrase, secretKey, ad: ad.toString() }),
      nonce: 'n',
      salt: 's',
      kdf: 'fake',
    };
    return { content, kdfMs: 1 };
  }
  async open(content: SealedContent, passphrase: string, secretKey: string, ad: Buffer): Promise<Opening> {
    const sealed = JSON.parse(content.ciphertext);
    const matches = sealed.passphrase === passphrase && sealed.secretKey === secretKey && sealed.ad === ad.toString();
    return { plaintext: matches ? sealed.plaintext : null, kdfMs: 1 };
  }
}
