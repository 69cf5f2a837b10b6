import { HttpConfig } from '@keyward/core';

/** Where the panel lives: `<ROOT_PATH>/admin`. */
export function adminRoot(http: HttpConfig): string {
  return `${http.rootPath}/admin`;
}
