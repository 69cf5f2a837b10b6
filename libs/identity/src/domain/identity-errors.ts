import { AppError } from '@keyward/kernel';

export class EmailTakenError extends AppError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists', 'conflict');
  }
}

export class WeakPasswordError extends AppError {
  constructor(reason: string) {
    super('WEAK_PASSWORD', reason, 'invalid');
  }
}

export class RegistrationClosedError extends AppError {
  constructor() {
    super('REGISTRATION_CLOSED', 'Registration is closed on this server', 'forbidden');
  }
}

/** One error for unknown email, wrong password and disabled account, so none can be told apart. */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Invalid email or password', 'unauthenticated');
  }
}

export class InvalidRefreshTokenError extends AppError {
  constructor() {
    super('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or expired', 'unauthenticated');
  }
}

export class RefreshTokenReusedError extends AppError {
  constructor() {
    super(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been revoked',
      'unauthenticated',
    );
  }
}

export class UnknownRoleError extends AppError {
  constructor(names: string[]) {
    super('VALIDATION_FAILED', `Unknown role(s): ${names.join(', ')}`, 'invalid', {
      errors: names.map((name) => ({ field: 'roles', message: `unknown role "${name}"` })),
    });
  }
}

export class LastAdminError extends AppError {
  constructor() {
    super('LAST_ADMIN', 'This is the last active administrator; make someone else admin first', 'conflict');
  }
}

/** One answer for unknown, used and expired tokens, so that none can be told apart. */
export class InvalidTokenError extends AppError {
  constructor() {
    super('INVALID_TOKEN', 'The link is invalid, was already used or has expired', 'invalid');
  }
}

export class EmailAlreadyVerifiedError extends AppError {
  constructor() {
    super('EMAIL_ALREADY_VERIFIED', 'This email address is already verified', 'conflict');
  }
}
