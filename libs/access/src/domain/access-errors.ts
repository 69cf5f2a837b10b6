import { AppError } from '@keyward/kernel';

export class UnknownPermissionError extends AppError {
  /** `field`: the request field that named them (`permissions` of a role, `permission` of an authorize query). */
  constructor(names: string[], field = 'permissions') {
    super('VALIDATION_FAILED', `Unknown permission: ${names.join(', ')}`, 'invalid', {
      errors: [{ field, message: `unknown permission: ${names.join(', ')}` }],
    });
  }
}

/** A request names roles that do not exist (a team's roles). */
export class UnknownRoleError extends AppError {
  constructor(names: string[]) {
    super('VALIDATION_FAILED', `Unknown role(s): ${names.join(', ')}`, 'invalid', {
      errors: names.map((name) => ({ field: 'roles', message: `unknown role "${name}"` })),
    });
  }
}

export class NameTakenError extends AppError {
  constructor(what: 'role' | 'team' | 'visibility group') {
    const code = `${what.replace(/ /g, '_').toUpperCase()}_NAME_TAKEN`;
    super(code, `A ${what} with this name already exists`, 'conflict');
  }
}

export class RoleProtectedError extends AppError {
  constructor(message: string) {
    super('ROLE_PROTECTED', message, 'conflict');
  }
}

export class LastOwnerError extends AppError {
  constructor() {
    super('LAST_OWNER', 'A team must keep at least one owner; make someone else owner first', 'conflict');
  }
}

export class AlreadyMemberError extends AppError {
  constructor() {
    super('ALREADY_MEMBER', 'Already a member', 'conflict');
  }
}

/** The grant rule refused: the message names what the caller lacks (see grant-rule.ts). */
export class EscalationDeniedError extends AppError {
  constructor(message: string) {
    super('ESCALATION_DENIED', message, 'forbidden');
  }
}
