import passport from 'passport';

/**
 * @nestjs/passport registers each strategy with the process-wide passport instance by name, so a second app in
 * the same process (tests start several) would replace the first one's strategies. Ours register with a
 * throwaway instance instead; the authentication guard keeps its own Authenticator per app.
 */
export function unregisteredPassport() {
  return new passport.Authenticator();
}
