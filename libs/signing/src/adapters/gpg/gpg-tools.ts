/** The gpg programs: gpgconf and gpg-connect-agent are looked for beside gpg (or on PATH, like gpg). */
export interface GpgTools {
  gpg: string;
  gpgconf: string;
  connectAgent: string;
}

export function gpgTools(gpgBinary: string): GpgTools {
  const dir = gpgBinary.includes('/') ? gpgBinary.slice(0, gpgBinary.lastIndexOf('/') + 1) : '';
  return { gpg: gpgBinary, gpgconf: `${dir}gpgconf`, connectAgent: `${dir}gpg-connect-agent` };
}
