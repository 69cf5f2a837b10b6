import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/app-error';
import { MALFORMED_QUERY, ParsedQuery } from './strict-query';
import { findUnsafeInput, MAX_JSON_DEPTH } from './unsafe-input';

/**
 * Validates bodies and queries against their DTO classes: unknown fields are rejected, nothing is
 * coerced implicitly, and a body that is not a JSON object is a validation error rather than a crash.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flatten(errors);
      return new ValidationFailedError(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    },
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const isDto = typeof metadata.metatype === 'function' && !isPrimitive(metadata.metatype);
    if (isDto && (metadata.type === 'body' || metadata.type === 'query')) {
      const input = value ?? {};
      if (typeof input !== 'object' || Array.isArray(input)) {
        throw new ValidationFailedError(`Request ${metadata.type} must be a JSON object`);
      }
      const malformed = metadata.type === 'query' ? (input as ParsedQuery)[MALFORMED_QUERY] : undefined;
      if (malformed?.length) {
        const fields = malformed.map((field) => ({ field, message: 'must be percent-encoded UTF-8' }));
        throw new ValidationFailedError(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
      }
      // Bodies were checked for depth and surrogates when parsed; queries were not, and neither was NUL.
      const unsafe = findUnsafeInput(input, { maxDepth: MAX_JSON_DEPTH, refuseNul: true });
      if (unsafe) throw new ValidationFailedError(`${unsafe.field}: ${unsafe.message}`, [unsafe]);
      return this.inner.transform(input, metadata);
    }
    return this.inner.transform(value, metadata);
  }
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
