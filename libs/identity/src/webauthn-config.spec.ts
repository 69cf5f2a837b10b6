import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@keyward/core';
import { IdentityConfig } from './identity.config';

describe('IdentityConfig: PUBLIC_URL and the WebAuthn relying party', () => {
  const load = (variables: Record<string, string>) =>
    loadConfig(
      {
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'keyward-config-')),
        JWT_SECRET: 'a-very-long-and-random-jwt-secret-value-123',
        ...variables,
      },
      { identity: IdentityConfig },
    ).identity;

  it('defaults to http://localhost:8000, relying party localhost named Keyward', () => {
    const config = load({});
    expect(config.publicUrl).toBe('http://localhost:8000');
    expect(config.webauthn).toEqual({ rpId: 'localhost', rpName: 'Keyward', origin: 'http://localhost:8000' });
  });

  it("takes the relying party from PUBLIC_URL's host and the origin without its path, unless WEBAUTHN_RP_ID says", () => {
    const config = load({ PUBLIC_URL: 'https://id.example.com/keyward/', WEBAUTHN_RP_NAME: 'Example' });
    expect(config.publicUrl).toBe('https://id.example.com/keyward');
    expect(config.webauthn).toEqual({ rpId: 'id.example.com', rpName: 'Example', origin: 'https://id.example.com' });
    expect(load({ PUBLIC_URL: 'https://id.example.com', WEBAUTHN_RP_ID: 'example.com' }).webauthn.rpId).toBe(
      'example.com',
    );
  });

  it('refuses a PUBLIC_URL that is not an http(s) URL, naming the variable', () => {
    for (const value of ['ftp://example.com', 'example.com', 'http//x']) {
      expect(() => load({ PUBLIC_URL: value })).toThrow(ConfigError);
      expect(() => load({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/);
    }
  });
});
