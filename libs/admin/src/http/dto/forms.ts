import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery, Trim } from '@keyward/core';
import { ValidationFailedError } from '@keyward/kernel';

/** The longest password a form may send (the API's input limit; the policy's own maximum is lower). */
const PASSWORD_INPUT_MAX = 4096;
const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
/** `datetime-local` sends no zone (read as UTC); an ISO 8601 instant with one is taken as is. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** An empty form field means "not given". */
const EmptyAsMissing = () => Transform(({ value }) => (value === '' ? undefined : value));
/** Checkboxes send nothing, one value or many: always a list. */
const AsList = () =>
  Transform(({ value }) => (value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value]));

export class SignInForm {
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;
}

export class MfaForm {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfaToken!: string;

  @Trim()
  @IsString()
  @MinLength(1, { message: 'enter the code from your authenticator app or a recovery code' })
  @MaxLength(64)
  code!: string;
}

export class UsersQuery extends PageQuery {
  @EmptyAsMissing()
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;
}

export class CreateUserForm {
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;

  @EmptyAsMissing()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @AsList()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ROLE_NAME, { each: true, message: 'each role must be a role name' })
  roles: string[] = [];
}

export class RolesForm {
  @AsList()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ROLE_NAME, { each: true, message: 'each role must be a role name' })
  roles: string[] = [];
}

export class ActiveForm {
  @IsIn(['true', 'false'])
  active!: 'true' | 'false';
}

export class AuditQuery extends PageQuery {
  @EmptyAsMissing()
  @IsOptional()
  @IsUUID('loose', { message: 'must be a UUID' })
  actorId?: string;

  @EmptyAsMissing()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @EmptyAsMissing()
  @IsOptional()
  @Matches(DATE_TIME, { message: 'must be a date and time' })
  from?: string;

  @EmptyAsMissing()
  @IsOptional()
  @Matches(DATE_TIME, { message: 'must be a date and time' })
  to?: string;
}

/** A date-time from a filter form as an instant: without a zone it is UTC. */
export function instantOf(value: string | undefined, field: string): Date | undefined {
  if (!value) return undefined;
  const instant = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  // The pattern lets through dates no calendar has (2026-13-45).
  if (Number.isNaN(instant.getTime())) throw new ValidationFailedError(`${field}: must be a date and time`);
  return instant;
}

const PERMISSION_NAME = /^[a-z]+:[a-z-]+$/;

export class PermissionsForm {
  @AsList()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(PERMISSION_NAME, { each: true, message: 'each permission must be a permission name' })
  permissions: string[] = [];
}

export class CreateRoleForm extends PermissionsForm {
  @Trim()
  @Matches(ROLE_NAME, { message: 'must be a role name (lower-case letters, digits, - and _)' })
  name!: string;

  @EmptyAsMissing()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** A team or visibility group to create. */
export class NamedForm {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @EmptyAsMissing()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class TeamMemberForm {
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @IsIn(['owner', 'maintainer', 'member'])
  role!: 'owner' | 'maintainer' | 'member';
}

/** A visibility group's new member: a user (by email) or a team. */
export class GroupMemberForm {
  @EmptyAsMissing()
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email?: string;

  @EmptyAsMissing()
  @IsOptional()
  @IsUUID('loose', { message: 'must be a team id' })
  teamId?: string;
}

export class ApiKeyForm {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  /** `datetime-local` (UTC) or an ISO 8601 instant; empty for a key that does not expire. */
  @EmptyAsMissing()
  @IsOptional()
  @Matches(DATE_TIME, { message: 'must be a date and time' })
  expiresAt?: string;
}
