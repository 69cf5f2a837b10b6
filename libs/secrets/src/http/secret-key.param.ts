import { Param, PipeTransform } from '@nestjs/common';
import { SecretNotFoundError } from '../domain/secret-errors';

// Keys are 43 characters; 100 is also the router's limit for a path parameter.
const SECRET_KEY = /^[A-Za-z0-9_-]{16,100}$/;

/** A key that cannot exist answers exactly like an unknown one. */
class SecretKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SECRET_KEY.test(value)) throw new SecretNotFoundError();
    return value;
  }
}

export const SecretKeyParam = () => Param('secretKey', new SecretKeyPipe());
