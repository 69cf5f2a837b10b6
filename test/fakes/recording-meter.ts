import { DomainMeter, LoginOutcome, SecretEvent, SigningSample } from '@keyward/kernel';

/** A DomainMeter that remembers what it was told, for interactor tests to read back. */
export class RecordingMeter extends DomainMeter {
  readonly logins: LoginOutcome[] = [];
  readonly secrets: SecretEvent[] = [];
  readonly signatures: SigningSample[] = [];

  loginAttempted(outcome: LoginOutcome): void {
    this.logins.push(outcome);
  }
  secretChanged(event: SecretEvent): void {
    this.secrets.push(event);
  }
  signed(sample: SigningSample): void {
    this.signatures.push(sample);
  }
}
