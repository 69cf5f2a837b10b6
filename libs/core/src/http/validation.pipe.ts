import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/app-error';
import { ignoresUnknownFields } from './sign-file-compat';

/**
 * Validates bodies and queries against their DTO classes: unknown fields are rejected (dropped for a DTO
 * marked `@IgnoresUnknownFields()`), nothing is coerced implicitly, and a body that is not a JSON object is a
 * validation error rather than a crash.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly inner = validationPipe(true);
  private readonly lenient = validationPipe(false);

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const isDto = typeof metadata.metatype === 'function' && !isPrimitive(metadata.metatype);
    if (isDto && (metadata.type === 'body' || metadata.type === 'query')) {
      const input = value ?? {};
      if (typeof input !== 'object' || Array.isArray(input)) {
        throw new ValidationFailedError(`Request ${metadata.type} must be a JSON object`);
      }
      const nul = findNulCharacter(input);
      if (nul !== null) {
        throw new ValidationFailedError(`${nul}: must not contain NUL characters`, [
          { field: nul, message: 'must not contain NUL characters' },
        ]);
      }
      return (ignoresUnknownFields(metadata.metatype) ? this.lenient : this.inner).transform(input, metadata);
    }
    return this.inner.transform(value, metadata);
  }
}

function validationPipe(forbidUnknownFields: boolean): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: forbidUnknownFields,
    transform: true,
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flatten(errors);
      return new ValidationFailedError(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    },
  });
}

/** Path of the first string holding U+0000 (which PostgreSQL text cannot store), or null. */
function findNulCharacter(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    const found = findNulCharacter(item, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

function isPrimitive(type: unknown): boolean {
  return type === String || type === Number || type === Boolean || type === Array || type === Object;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: stripField(message, error.property),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// class-validator repeats the property name at the start of its messages; the field is reported separately.
function stripField(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
