import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { Clock } from '@keyward/kernel';
import { AsymmetricAlgorithm, PublicJwk, StoredTokenKey, TokenKeyRepository } from '../../domain/token-keys';
import { TokenKeyCipher } from './token-key-cipher';

export interface TokenKeyRingOptions {
  /** null in HS256 mode: no keys in the database, an empty JWKS. */
  algorithm: AsymmetricAlgorithm | null;
  /** How often the keys are reloaded, so that a rotation by another process (keys:rotate) is picked up. */
  refreshMs: number;
  /** The longest lifetime of an access token: a rotated-out key stays published this long, plus one refresh. */
  longestTokenTtlSeconds: number;
}

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/**
 * The token signing keys of this process: the current private key (signing is synchronous) and the public keys
 * by kid, reloaded every `refreshMs`. A token with an unknown kid triggers a reload at most once per `refreshMs`,
 * whatever the number of such tokens, so random kids cannot turn into a database query per request.
 */
export class TokenKeyRing {
  private signing: SigningKey | null = null;
  private verifying = new Map<string, KeyObject>();
  private published: PublicJwk[] = [];
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Reloads done so far (the unknown-kid storm test counts them). */
  reloads = 0;
  private warn: (message: string) => void = () => undefined;

  constructor(
    private readonly repository: TokenKeyRepository,
    private readonly cipher: TokenKeyCipher,
    private readonly options: TokenKeyRingOptions,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the first key if there is none (racing processes agree on one), loads the keys, refreshes them.
   * A current key this process cannot open (a database restored under another KEYS_ENCRYPTION_KEY or JWT_SECRET)
   * is rotated out at start, with a warning: its public key stays published, so its tokens still verify.
   */
  async start(warn: (message: string) => void): Promise<void> {
    if (!this.options.algorithm) return;
    this.warn = warn;
    if (!(await this.repository.findCurrent(this.options.algorithm))) {
      await this.repository.insertFirst(await this.generate());
    }
    await this.reload();
    if (!this.signing) {
      warn('the current token signing key was sealed under another key-encryption key: rotating to a new key');
      await this.rotate();
      await this.reload();
      if (!this.signing) throw new Error('the current token signing key cannot be opened');
    }
    this.timer = setInterval(
      () =>
        this.reload().catch((error: unknown) => warn(`reloading the token signing keys failed: ${messageOf(error)}`)),
      this.options.refreshMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  signingKey(): SigningKey {
    if (!this.signing) throw new Error('the token signing keys are not loaded');
    return this.signing;
  }

  /** The public key with this kid, or null when it is unknown (also after a reload) or retired. */
  async verificationKey(kid: string): Promise<KeyObject | null> {
    if (!this.options.algorithm) return null;
    const known = this.verifying.get(kid);
    if (known) return known;
    if (this.clock.now().getTime() - this.loadedAt < this.options.refreshMs) return null;
    await this.reload();
    return this.verifying.get(kid) ?? null;
  }

  /** The JWKS members: the current key and those not yet retired, as of the last reload. */
  publicJwks(): PublicJwk[] {
    return this.published;
  }

  /** Adds a new current key; the previous one stays published until its last token has expired. */
  async rotate(): Promise<{ kid: string; previousRetiresAt: Date }> {
    const key = await this.generate();
    const now = this.clock.now();
    // Processes sign with the previous key until their next reload: its tokens expire one refresh later.
    const retireAt = new Date(now.getTime() + this.options.longestTokenTtlSeconds * 1000 + this.options.refreshMs);
    await this.repository.rotate(key, retireAt, now);
    return { kid: key.kid, previousRetiresAt: retireAt };
  }

  /** One reload at a time; callers during a reload wait for it. */
  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = this.clock.now();
    // The current key first, then newest first: the order of the JWKS.
    const keys = (await this.repository.listPublished(this.algorithm(), now)).sort(
      (a, b) => Number(b.current) - Number(a.current),
    );
    this.reloads += 1;
    const verifying = new Map<string, KeyObject>();
    for (const key of keys) verifying.set(key.kid, createPublicKey({ key: key.publicJwk, format: 'jwk' }));
    const current = keys.find((key) => key.current);
    if (current && current.kid !== this.signing?.kid) {
      try {
        const pem = this.cipher.open(current.sealedPrivateKey, current.kid);
        this.signing = { kid: current.kid, key: createPrivateKey(pem) };
      } catch (error) {
        // Keep signing with the key we have (still published); never rotate from a reload, so two processes
        // configured with different secrets cannot take turns replacing each other's key.
        if (this.signing) this.warn(`cannot open the current token signing key ${current.kid}: ${messageOf(error)}`);
      }
    }
    this.verifying = verifying;
    this.published = keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.algorithm, use: 'sig' }));
    this.loadedAt = now.getTime();
  }

  private algorithm(): AsymmetricAlgorithm {
    if (!this.options.algorithm)
      throw new Error('JWT_ALGORITHM=HS256 signs with JWT_SECRET: there are no keys to rotate');
    return this.options.algorithm;
  }

  private async generate(): Promise<StoredTokenKey> {
    const algorithm = this.algorithm();
    const pair = await generateKeyPair(algorithm, {
      extractable: true,
      ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    const jwk = await exportJWK(pair.publicKey);
    const publicJwk = Object.fromEntries(Object.entries(jwk).filter(([, v]) => typeof v === 'string')) as PublicJwk;
    // RFC 7638 thumbprint: a stable kid that says nothing but which key it is.
    const kid = await calculateJwkThumbprint(jwk);
    return {
      kid,
      algorithm,
      publicJwk,
      sealedPrivateKey: this.cipher.seal(await exportPKCS8(pair.privateKey), kid),
      createdAt: this.clock.now(),
      current: true,
      retiresAt: null,
    };
  }
}

function messageOf(error: unknown): string {
  return typeof (error as Error | undefined)?.message === 'string' ? (error as Error).message : String(error);
}
