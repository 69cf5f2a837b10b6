import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { Principal } from '@keyward/kernel';
import { AuthenticateInteractor } from '../../interactors/commands/authenticate/authenticate.interactor';
import { MAX_API_KEY_LENGTH } from './credentials';
import { unregisteredPassport } from './unregistered-passport';

export const API_KEY_STRATEGY = 'keyward-api-key';

/** `X-Api-Key: <key>`: an active, unexpired key of an active user. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, API_KEY_STRATEGY) {
  constructor(private readonly credentials: AuthenticateInteractor) {
    super({ header: 'X-Api-Key', prefix: '' }, false);
  }

  async validate(apiKey: string): Promise<Principal | null> {
    // Longer than any key we issue: refused without hashing or a database query.
    if (apiKey.length > MAX_API_KEY_LENGTH) return null;
    return this.credentials.byApiKey(apiKey);
  }

  getPassportInstance() {
    return unregisteredPassport();
  }
}
