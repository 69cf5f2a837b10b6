import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Passkey, PASSKEY_CHALLENGE_TTL_SECONDS } from '../domain/passkey';
import { CredentialDescriptor, VerifiedCredential, WebAuthnCeremonies, WebAuthnJson } from '../domain/passkey-ports';
import { WebAuthnSettings } from '../identity.config';

// Loaded at the first ceremony, not at start: with its X.509 and ASN.1 dependencies it was about a tenth of the
// service's start-up CPU (bench/start.bench.mjs), and most processes never see a passkey.
let library: Promise<typeof import('@simplewebauthn/server')> | null = null;
const webauthn = () => (library ??= import('@simplewebauthn/server'));

type Transport = NonNullable<RegistrationResponseJSON['response']['transports']>[number];

/**
 * @simplewebauthn/server behind the WebAuthnCeremonies port. User verification is required both ways, since a
 * passkey login stands for two factors (the device and its PIN or biometric). Attestation is not asked for: any
 * authenticator the user trusts may hold their passkey. The library throws on malformed input; that is a
 * refusal (null) here, never a 500.
 */
export class SimpleWebAuthnCeremonies extends WebAuthnCeremonies {
  constructor(private readonly settings: WebAuthnSettings) {
    super();
  }

  async registrationOptions(input: {
    user: { id: string; email: string; name: string | null };
    exclude: CredentialDescriptor[];
  }) {
    const { generateRegistrationOptions } = await webauthn();
    const options = await generateRegistrationOptions({
      rpName: this.settings.rpName,
      rpID: this.settings.rpId,
      userName: input.user.email,
      userDisplayName: input.user.name ?? input.user.email,
      userID: new TextEncoder().encode(input.user.id),
      timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: input.exclude.map(descriptor),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return { options: options as unknown as WebAuthnJson, challenge: options.challenge };
  }

  async verifyRegistration(response: WebAuthnJson, challenge: string): Promise<VerifiedCredential | null> {
    const { verifyRegistrationResponse } = await webauthn();
    try {
      const result = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.settings.origin,
        expectedRPID: this.settings.rpId,
        requireUserVerification: true,
      });
      if (!result.verified) return null;
      const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
      return {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
      };
    } catch {
      return null;
    }
  }

  async authenticationOptions(allow: CredentialDescriptor[]) {
    const { generateAuthenticationOptions } = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.settings.rpId,
      allowCredentials: allow.map(descriptor),
      timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
    });
    return { options: options as unknown as WebAuthnJson, challenge: options.challenge };
  }

  async verifyAuthentication(response: WebAuthnJson, challenge: string, passkey: Passkey) {
    const { verifyAuthenticationResponse } = await webauthn();
    try {
      const result = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.settings.origin,
        expectedRPID: this.settings.rpId,
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: passkey.counter,
          transports: passkey.transports as Transport[],
        },
      });
      if (!result.verified) return null;
      return { counter: result.authenticationInfo.newCounter, backedUp: result.authenticationInfo.credentialBackedUp };
    } catch {
      return null;
    }
  }

  challengeOf(response: WebAuthnJson): string | null {
    const clientData = (response.response as { clientDataJSON?: unknown } | undefined)?.clientDataJSON;
    if (typeof clientData !== 'string') return null;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8'));
      const value = (parsed as { challenge?: unknown } | null)?.challenge;
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  credentialIdOf(response: WebAuthnJson): string | null {
    return typeof response.id === 'string' && response.id.length > 0 ? response.id : null;
  }
}

function descriptor(d: CredentialDescriptor) {
  return { id: d.credentialId, transports: d.transports as Transport[] };
}
