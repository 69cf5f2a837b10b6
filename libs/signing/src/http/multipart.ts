import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { AppError, ValidationFailedError } from '@keyward/kernel';
import { ClientGoneError } from '../domain/signing-errors';
import { IncomingFile } from '../domain/uploads';

export interface UploadSpec {
  /** The form fields that may carry files; any other part is refused. */
  fields: readonly string[];
  /** Whether a field may come more than once (`files` of a batch). */
  many: boolean;
}

/**
 * The request's file parts as they arrive, nothing buffered: each must be read (or the iteration ended)
 * before the next one can come. Parsing starts when the iteration does, so an interactor can refuse the
 * request (unknown key, key not allowed) before a byte of the upload is read.
 */
export const UploadedFiles = createParamDecorator(
  (spec: UploadSpec, context: ExecutionContext): AsyncIterable<IncomingFile> =>
    filesOf(context.switchToHttp().getRequest<FastifyRequest>(), spec),
);

/** Aborted when the client disconnects before the response is complete. */
export const ClientSignal = createParamDecorator((_: unknown, context: ExecutionContext): AbortSignal => {
  const reply = context.switchToHttp().getResponse<FastifyReply>();
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  });
  return controller.signal;
});

function filesOf(request: FastifyRequest, spec: UploadSpec): AsyncIterable<IncomingFile> {
  return {
    async *[Symbol.asyncIterator]() {
      if (!request.isMultipart()) {
        throw new ValidationFailedError(
          `Expected a multipart/form-data body with ${spec.fields.map((f) => `a "${f}" file`).join(' and ')}`,
          spec.fields.map((field) => ({ field, message: 'required' })),
        );
      }
      const seen = new Set<string>();
      // The staging counts bytes against SIGNING_MAX_UPLOAD_BYTES itself; the parser must not cut files short.
      const parts = request.parts({ limits: { fileSize: Infinity, fieldSize: 1024 } });
      let next = parts.next();
      for (;;) {
        const result = await next.catch((error: unknown) => Promise.reject(asClientError(error)));
        if (result.done) return;
        const file = checkPart(result.value, spec, seen);
        // Asked for at once: a body that breaks off inside this part may be reported only here (the parser
        // can raise it on the part before anyone listens), and the reader of the part must hear about it.
        next = parts.next();
        next.catch(() => undefined);
        yield { field: file.fieldname, filename: file.filename, content: clientErrorsOf(file.file, next) };
      }
    },
  };
}

function checkPart(part: MultipartFile | MultipartValue, spec: UploadSpec, seen: Set<string>): MultipartFile {
  const field = part.fieldname;
  if (!spec.fields.includes(field))
    throw new ValidationFailedError(`${field}: unexpected form field`, [{ field, message: 'unexpected form field' }]);
  if (part.type !== 'file')
    throw new ValidationFailedError(`${field}: must be a file`, [{ field, message: 'must be a file' }]);
  if (seen.has(field) && !spec.many)
    throw new ValidationFailedError(`${field}: only one file`, [{ field, message: 'only one file' }]);
  seen.add(field);
  return part;
}

/**
 * The part's content, failing with a client error when the body turns out malformed halfway through it:
 * either the part says so, or the parser does when asked for the part after it.
 */
function clientErrorsOf(file: Readable, after: Promise<unknown>): Readable {
  const content = new PassThrough();
  // The consumer attaches its handlers only after an await or two; until then an error must not be fatal.
  // It is not lost: the stream stays errored and whoever reads it later gets the error.
  content.on('error', () => undefined);
  const fail = (error: unknown) => {
    if (!content.writableEnded && !content.destroyed) content.destroy(asClientError(error) as Error);
  };
  file.once('error', fail);
  after.catch(fail);
  // Giving up on the content (too large, client gone) must give up on the part, or the parser waits for it.
  content.once('close', () => {
    if (!file.readableEnded) file.destroy();
  });
  return file.pipe(content);
}

/** Malformed multipart bodies and parser limits are the client's doing; they must not become 500s. */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ValidationFailedError(`The multipart body is malformed: ${message}`);
}
