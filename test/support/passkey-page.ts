import { once } from 'node:events';
import { createServer, request, Server } from 'node:http';

/**
 * The browser side of a passkey ceremony, as a web app would write it: the server's JSON options become
 * WebAuthn's binary ones (base64url -> ArrayBuffer), and the credential goes back as JSON. `window.kw` drives it.
 */
const PAGE_SCRIPT = `
const enc = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const dec = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
const descriptors = (list) => (list || []).map((d) => ({ ...d, id: dec(d.id) }));
async function api(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = 'Bearer ' + token;
  const response = await fetch('/auth' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
window.kw = {
  api,
  async create(options) {
    const publicKey = { ...options, challenge: dec(options.challenge), user: { ...options.user, id: dec(options.user.id) },
      excludeCredentials: descriptors(options.excludeCredentials) };
    const credential = await navigator.credentials.create({ publicKey });
    return { id: credential.id, rawId: enc(credential.rawId), type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: enc(credential.response.clientDataJSON),
        attestationObject: enc(credential.response.attestationObject),
        transports: credential.response.getTransports() } };
  },
  async get(options) {
    const publicKey = { ...options, challenge: dec(options.challenge), allowCredentials: descriptors(options.allowCredentials) };
    delete publicKey.challengeId;
    const credential = await navigator.credentials.get({ publicKey });
    const r = credential.response;
    return { id: credential.id, rawId: enc(credential.rawId), type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: enc(r.clientDataJSON), authenticatorData: enc(r.authenticatorData),
        signature: enc(r.signature), userHandle: r.userHandle ? enc(r.userHandle) : undefined } };
  },
  /** Registration from this page: options, the authenticator, POST /passkeys. */
  async register(token, name) {
    const options = await api('POST', '/passkeys/registration/options', undefined, token);
    if (options.status !== 200) return options;
    const response = await this.create(options.body);
    return { ...(await api('POST', '/passkeys', { name, response }, token)), credentialId: response.id };
  },
  /** Login from this page; also returns what was sent, for replays. */
  async login(email) {
    const options = await api('POST', '/passkeys/authentication/options', email === undefined ? {} : { email });
    const response = await this.get(options.body);
    const result = await api('POST', '/passkeys/authentication', { challengeId: options.body.challengeId, response });
    return { ...result, sent: { challengeId: options.body.challengeId, response } };
  },
};
`;

export const PASSKEY_PAGE_PATH = '/passkeys-test';
const PAGE = `<!doctype html><meta charset="utf-8"><title>passkeys</title><script>${PAGE_SCRIPT}</script>`;

/**
 * A site on http://localhost:<port> serving the test page, and (when `upstream` gives a port) proxying every other
 * path to the service: the page and the API share one origin, as behind a reverse proxy. The port is known before
 * the service starts, so that PUBLIC_URL can name it.
 */
export async function startPasskeySite(upstream: () => number | null): Promise<{ origin: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    const port = upstream();
    if (incoming.url === PASSKEY_PAGE_PATH || port === null) {
      outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const forward = request(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://localhost:${(server.address() as { port: number }).port}`, server };
}
