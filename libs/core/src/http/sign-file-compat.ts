import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';

const IGNORES_UNKNOWN_FIELDS = 'keyward:ignores-unknown-fields';

/**
 * Marks a body or query DTO whose unknown fields are dropped instead of refused: the sign-file compatible
 * routes accept what the original service accepted, and it ignored what it did not know.
 */
export const IgnoresUnknownFields = (): ClassDecorator => (target) =>
  Reflect.defineMetadata(IGNORES_UNKNOWN_FIELDS, true, target);

export function ignoresUnknownFields(type: unknown): boolean {
  return typeof type === 'function' && Reflect.getOwnMetadata(IGNORES_UNKNOWN_FIELDS, type) === true;
}

/**
 * Sends the handler's result as JSON with `Content-Type: application/json` exactly. Sign-file clients compare
 * the header with that string, and Fastify would add `; charset=utf-8` to any JSON it serialises itself, so
 * the body goes out as bytes already serialised. Errors are untouched (problem details).
 */
@Injectable()
class ExactJsonInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<Buffer> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        void reply.header('content-type', 'application/json');
        return Buffer.from(JSON.stringify(body));
      }),
    );
  }
}

export const ExactJsonContentType = () => UseInterceptors(ExactJsonInterceptor);
