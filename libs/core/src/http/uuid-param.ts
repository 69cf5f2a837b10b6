import { Param, PipeTransform } from '@nestjs/common';
import { isUuid, NotFoundError } from '@keyward/kernel';

/** Ids are opaque to clients: one that is not even a UUID names nothing, so it is a 404 like any unknown id. */
class UuidOr404Pipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError(this.what);
    return value.toLowerCase();
  }
}

export const UuidParam = (name: string, what = 'Resource') => Param(name, new UuidOr404Pipe(what));
