import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: a bad query parameter, a missing, repeated or unexpected form part, or too many files',
  401: 'Missing or invalid credentials (UNAUTHENTICATED)',
  403: 'FORBIDDEN without the signing:sign permission; KEY_NOT_ALLOWED for a key the caller may not use',
  404: 'KEY_NOT_FOUND: no such key is configured (every key, when signing is disabled)',
  413: 'FILE_TOO_LARGE: a file is larger than SIGNING_MAX_UPLOAD_BYTES; the rest of it is not read',
  502: 'SIGNING_FAILED: gpg could not sign',
  503: 'SIGNING_DISABLED: signing is not configured on this server (SIGNING_KEY_IDS is unset); the upload is not read',
};

/** Problem responses of the signing routes, with the codes they actually carry. */
export function SigningProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}

/** A multipart/form-data body of files. */
export function ApiFiles(fields: Record<string, string>, required: string[]) {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, description]) => [
      name,
      name === 'files'
        ? { type: 'array', items: { type: 'string', format: 'binary' }, description }
        : { type: 'string', format: 'binary', description },
    ]),
  );
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required, properties } }),
  );
}
