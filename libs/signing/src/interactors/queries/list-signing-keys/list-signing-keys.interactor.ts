import { Injectable } from '@nestjs/common';
import { Page, pageOf, PageRequest } from '@keyward/kernel';
import { SigningKey } from '../../../domain/signing';
import { KeyAccess } from '../../key-access';

export interface SigningKeyView {
  keyid: string;
  fingerprint: string;
  uids: string[];
  algorithm: string;
  bits: number;
  createdAt: string;
  expiresAt: string | null;
}

export function signingKeyView(key: SigningKey): SigningKeyView {
  return {
    keyid: key.keyid,
    fingerprint: key.fingerprint,
    uids: [...key.uids],
    algorithm: key.algorithm,
    bits: key.bits,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}

/** The configured keys the user may sign with, in configuration order (empty when signing is disabled). */
@Injectable()
export class ListSigningKeysInteractor {
  constructor(private readonly keys: KeyAccess) {}

  async execute(query: { userId: string; page: PageRequest }): Promise<Page<SigningKeyView>> {
    return pageOf((await this.keys.usableKeys(query.userId)).map(signingKeyView), query.page);
  }
}
