import { AppError, ErrorKind } from '@keyward/kernel';

/** A wrong, replayed or expired TOTP code or recovery code. 401 at login; 400 when confirming an enrolment. */
export class InvalidMfaCodeError extends AppError {
  constructor(kind: Extract<ErrorKind, 'unauthenticated' | 'invalid'> = 'unauthenticated') {
    super('INVALID_MFA_CODE', 'The code is invalid, expired or already used', kind);
  }
}

/** Unknown, used and expired mfaTokens answer identically. */
export class MfaTokenExpiredError extends AppError {
  constructor() {
    super('MFA_TOKEN_EXPIRED', 'The MFA token is invalid or expired; log in again', 'unauthenticated');
  }
}

/** `/token` cannot carry a second factor: machine clients of an MFA account use API keys. */
export class MfaRequiredError extends AppError {
  constructor() {
    super(
      'MFA_REQUIRED',
      'This account uses multi-factor authentication; log in with /login or use an API key',
      'forbidden',
    );
  }
}

export class MfaAlreadyEnabledError extends AppError {
  constructor() {
    super('MFA_ALREADY_ENABLED', 'TOTP is already enabled for this account', 'conflict');
  }
}

export class MfaNotEnabledError extends AppError {
  constructor() {
    super('MFA_NOT_ENABLED', 'TOTP is not enabled for this account', 'conflict');
  }
}

export class MfaNotPendingError extends AppError {
  constructor() {
    super(
      'MFA_NOT_PENDING',
      'No TOTP enrolment is waiting for confirmation; start one with POST /mfa/totp',
      'conflict',
    );
  }
}

/** MFA_REQUIRED_ROLES: the account must enrol a second factor before it may do anything else. */
export class MfaEnrollmentRequiredError extends AppError {
  constructor() {
    super(
      'MFA_ENROLLMENT_REQUIRED',
      'Your role requires multi-factor authentication: enrol TOTP (POST /mfa/totp) or a passkey first',
      'forbidden',
    );
  }
}
