import { StrictValidationPipe } from '@keyward/core';
import { AppError } from '@keyward/kernel';
import { AuditQuery, CreateUserForm, instantOf, RolesForm, UsersQuery } from './forms';

const pipe = new StrictValidationPipe();
// The pipe answers with a promise (class-validator runs asynchronously).
const body = <T>(metatype: new () => T, value: object) =>
  Promise.resolve(pipe.transform(value, { type: 'body', metatype })) as Promise<T>;
const query = <T>(metatype: new () => T, value: object) =>
  Promise.resolve(pipe.transform(value, { type: 'query', metatype })) as Promise<T>;

describe('admin panel forms', () => {
  it('reads checkboxes as a list: none, one or many', async () => {
    expect((await body(RolesForm, {})).roles).toEqual([]);
    expect((await body(RolesForm, { roles: 'signer' })).roles).toEqual(['signer']);
    expect((await body(RolesForm, { roles: ['signer', 'user'] })).roles).toEqual(['signer', 'user']);
    await expect(body(RolesForm, { roles: ['Not A Role'] })).rejects.toThrow(AppError);
  });

  it('treats empty fields as not given, and refuses fields no form has', async () => {
    const form = await body(CreateUserForm, { email: ' ada@example.com ', password: 'pw', name: '', roles: 'user' });
    expect(form).toMatchObject({ email: 'ada@example.com', name: undefined, roles: ['user'] });
    await expect(body(CreateUserForm, { email: 'ada@example.com', password: 'pw', admin: 'yes' })).rejects.toThrow(
      AppError,
    );
    expect((await query(UsersQuery, { email: '' })).email).toBeUndefined();
  });

  it('takes the audit filters of an empty form as none, and datetime-local values as UTC', async () => {
    expect(await query(AuditQuery, { actorId: '', action: '', from: '', to: '' })).toMatchObject({
      actorId: undefined,
      action: undefined,
      limit: 50,
      offset: 0,
    });
    expect(instantOf('2026-11-28T20:30', 'from')?.toISOString()).toBe('2026-11-28T20:30:00.000Z');
    expect(instantOf('2026-11-28T20:30:15+02:00', 'from')?.toISOString()).toBe('2026-11-28T18:30:15.000Z');
    expect(instantOf(undefined, 'from')).toBeUndefined();
  });

  it('refuses a date no calendar has, and a malformed actor id, as validation errors (400), not 500s', async () => {
    expect(() => instantOf('2026-13-45T10:00', 'from')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    await expect(query(AuditQuery, { from: 'yesterday' })).rejects.toThrow(AppError);
    await expect(query(AuditQuery, { actorId: 'nobody' })).rejects.toThrow(AppError);
  });
});
