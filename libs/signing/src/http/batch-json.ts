import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SignedBatch } from '../interactors/commands/sign-batch/sign-batch.command';

/**
 * The batch answer as JSON, written while the signatures are read from their files: a batch of clear-signed
 * documents costs the service no more memory than one of detached signatures.
 */
export function batchJson(batch: SignedBatch): Readable {
  return Readable.from(chunks(batch), { objectMode: false });
}

async function* chunks(batch: SignedBatch): AsyncGenerator<string> {
  try {
    yield '{"results":[';
    for (const [index, result] of batch.results.entries()) {
      yield `${index ? ',' : ''}{"filename":${JSON.stringify(result.filename)},"success":true,"signature":"`;
      // Decoded as a stream so a character split across two reads is not mangled.
      const decoder = new StringDecoder('utf8');
      for await (const chunk of result.signature.content) yield escaped(decoder.write(chunk as Buffer));
      yield `${escaped(decoder.end())}"}`;
    }
    yield `],"total":${batch.total},"successful":${batch.successful}}`;
  } finally {
    for (const result of batch.results) result.signature.content.destroy();
  }
}

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
