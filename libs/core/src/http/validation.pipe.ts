import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@keyward/kernel';
import { ignoresUnknownFields } from './sign-file-compat';
import { MALFORMED_QUERY, ParsedQuery } from './strict-query';
import { findUnsafeInput, MAX_JSON_DEPTH } from './unsafe-input';

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
      const lenient = ignoresUnknownFields(metadata.metatype);
      refuseUnsafeInput(input, metadata.type, lenient);
      return (lenient ? this.lenient : this.inner).transform(input, metadata);
    }
    return this.inner.transform(value, metadata);
  }
}

/**
 * Before the validators: query parameters that were not UTF-8, then nesting, lone surrogates and NULs. A body's
 * nesting and surrogates were already checked when it was parsed, a query's were not; NUL (which PostgreSQL
 * text cannot store) is refused only here, where text is expected.
 */
function refuseUnsafeInput(input: object, type: 'body' | 'query', lenient: boolean): void {
  let malformed = type === 'query' ? ((input as ParsedQuery)[MALFORMED_QUERY] ?? []) : [];
  // A lenient DTO ignores what it does not know, even when it is not UTF-8: such parameters are dropped, and a
  // field the DTO needs then fails its own validation.
  if (lenient) {
    for (const field of malformed) delete (input as Record<string, unknown>)[field];
    malformed = [];
  }
  const unsafe = findUnsafeInput(input, { maxDepth: MAX_JSON_DEPTH, refuseNul: true });
  const errors: FieldError[] = malformed.map((field) => ({ field, message: 'must be percent-encoded UTF-8' }));
  if (errors.length === 0 && unsafe) errors.push(unsafe);
  if (errors.length > 0) {
    throw new ValidationFailedError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
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
