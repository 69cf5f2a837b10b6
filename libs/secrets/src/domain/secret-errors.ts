import { AppError } from '@keyward/kernel';

/** One answer for unknown, expired, revealed and burned secrets, so none can be told apart. */
export class SecretNotFoundError extends AppError {
  constructor() {
    super('SECRET_NOT_FOUND', 'This secret does not exist, has expired or has already been revealed', 'not_found');
  }
}

export class WrongPassphraseError extends AppError {
  constructor(readonly attemptsLeft: number) {
    super(
      'WRONG_PASSPHRASE',
      attemptsLeft > 0
        ? `Wrong passphrase; ${attemptsLeft} attempt(s) left before the secret is destroyed`
        : 'Wrong passphrase; the secret has been destroyed',
      'forbidden',
      { attemptsLeft },
    );
  }
}

export class SecretTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('SECRET_TOO_LARGE', `The secret is larger than ${maxBytes} bytes (UTF-8)`, 'too_large');
  }
}
