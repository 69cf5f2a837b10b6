import { Injectable } from '@nestjs/common';
import { ResourceGate } from '@keyward/kernel';
import { SigningKey, SigningKeyRegistry } from '../domain/signing';
import { KeyNotAllowedError, KeyNotFoundError } from '../domain/signing-errors';

/**
 * Which configured keys a user may sign with. Every key is an access-control resource: open to every signer
 * until a team or visibility group is attached to it. The sign commands and the key listing share this one
 * rule, so that the listing shows exactly the keys a sign would accept.
 */
@Injectable()
export class KeyAccess {
  constructor(
    private readonly registry: SigningKeyRegistry,
    private readonly gate: ResourceGate,
  ) {}

  /** The configured key behind a short or long key id or fingerprint; KEY_NOT_FOUND otherwise. */
  resolve(reference: string): SigningKey {
    const key = this.registry.find(reference);
    if (!key) throw new KeyNotFoundError(reference);
    return key;
  }

  async assertUsable(userId: string, key: SigningKey): Promise<void> {
    if (!(await this.gate.usableBy(userId, this.registry.resourceIdOf(key)))) throw new KeyNotAllowedError(key.keyid);
  }

  async usableKeys(userId: string): Promise<SigningKey[]> {
    const keys = this.registry.list();
    const usable = await Promise.all(keys.map((key) => this.gate.usableBy(userId, this.registry.resourceIdOf(key))));
    return keys.filter((_, index) => usable[index]);
  }
}
