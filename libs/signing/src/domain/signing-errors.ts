import { AppError } from '@keyward/kernel';

/** Also the answer for every key when signing is disabled (no SIGNING_KEY_IDS): nothing is configured. */
export class KeyNotFoundError extends AppError {
  constructor(reference: string) {
    super('KEY_NOT_FOUND', `No signing key ${reference} is configured`, 'not_found');
  }
}

export class KeyNotAllowedError extends AppError {
  constructor(keyid: string) {
    super('KEY_NOT_ALLOWED', `You may not sign with key ${keyid}`, 'forbidden');
  }
}

export class FileTooLargeError extends AppError {
  constructor(maxBytes: number, filename: string | null = null) {
    const which = filename ? `${JSON.stringify(filename)} is` : 'The file is';
    super('FILE_TOO_LARGE', `${which} larger than ${maxBytes} bytes`, 'too_large', { maxBytes });
  }
}

/** gpg could not sign. Messages come from gpg's status codes, never its stderr, which can name paths. */
export class SigningFailedError extends AppError {
  constructor(message = 'gpg could not sign the file') {
    super('SIGNING_FAILED', message, 'upstream');
  }
}

/** SIGNING_KEY_IDS is not set: there is no gpg home to verify in either, so nothing is read or run. */
export class SigningDisabledError extends AppError {
  constructor() {
    super(
      'SIGNING_DISABLED',
      'Signing is disabled on this server (SIGNING_KEY_IDS is not set), so signatures cannot be verified here',
      'unavailable',
    );
  }
}

/** The client went away: the work it asked for is cancelled and nobody reads the answer. */
export class ClientGoneError extends AppError {
  constructor() {
    super('CLIENT_GONE', 'The client closed the connection', 'invalid');
  }
}
