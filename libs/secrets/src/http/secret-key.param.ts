import { Param, PipeTransform } from '@nestjs/common';
import { SecretNotFoundError } from '../domain/secret-errors';

const SECRET_KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** A key that cannot exist answers exactly like an unknown one. */
class SecretKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SECRET_KEY.test(value)) throw new SecretNotFoundError();
    return value;
  }
}

export const SecretKeyParam = () => Param('secretKey', new SecretKeyPipe());
