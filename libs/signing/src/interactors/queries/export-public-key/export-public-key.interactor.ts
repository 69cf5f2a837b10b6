import { Injectable } from '@nestjs/common';
import { SigningKeyRegistry } from '../../../domain/signing';
import { KeyNotFoundError } from '../../../domain/signing-errors';

/** The armored public key of a configured key, for anyone who needs to check its signatures. */
@Injectable()
export class ExportPublicKeyInteractor {
  constructor(private readonly registry: SigningKeyRegistry) {}

  async execute(query: { keyid: string }): Promise<string> {
    const key = this.registry.find(query.keyid);
    if (!key) throw new KeyNotFoundError(query.keyid);
    return this.registry.exportPublicKey(key);
  }
}
