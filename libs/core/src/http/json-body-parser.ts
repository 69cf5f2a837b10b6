import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { ValidationFailedError } from '@keyward/kernel';
import { findUnsafeInput, MAX_JSON_DEPTH } from './unsafe-input';

/**
 * Fastify's own JSON parser (prototype-poisoning protection included), followed by a check of the parsed
 * value before any route, pipe or validator sees it: too deep (validators recurse and would overflow the
 * stack) or holding lone surrogates (which no storage or hash keeps apart) is a 400 naming the field.
 */
export function guardedJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) =>
    parse(request, body.toString('utf8'), (error, value) => {
      if (error) return done(error, undefined);
      const unsafe = findUnsafeInput(value, { maxDepth: MAX_JSON_DEPTH, refuseNul: false });
      if (unsafe) return done(new ValidationFailedError(`${unsafe.field}: ${unsafe.message}`, [unsafe]), undefined);
      done(null, value);
    });
}
