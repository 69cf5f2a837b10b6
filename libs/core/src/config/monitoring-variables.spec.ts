import { loadConfig } from './load-config';
import { ConfigError } from './variables';

describe('monitoring and CORS variables', () => {
  const load = (variables: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...variables });

  it('are off by default', () => {
    const config = load({});
    expect(config.monitoring).toEqual({ metricsToken: null, sentryDsn: null });
    expect(config.http.corsOrigins).toEqual([]);
    expect(config.log.format).toBe('auto');
  });

  it('are read when set', () => {
    const config = load({
      METRICS_TOKEN: 'a-scraper-token-of-24-chars',
      SENTRY_DSN: 'https://abc123@o1.ingest.sentry.io/42',
      CORS_ORIGINS: 'https://app.example.com,http://localhost:3000',
      LOG_FORMAT: 'pretty',
    });
    expect(config.monitoring).toEqual({
      metricsToken: 'a-scraper-token-of-24-chars',
      sentryDsn: 'https://abc123@o1.ingest.sentry.io/42',
    });
    expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(config.log.format).toBe('pretty');
  });

  it.each([
    ['METRICS_TOKEN', 'short-token', /^Invalid configuration: METRICS_TOKEN: expected at least 16 characters$/],
    ['SENTRY_DSN', 'https://sentry.example.com/1?key=k3y', /^Invalid configuration: SENTRY_DSN: expected a Sentry DSN/],
  ])('refuse a bad %s without echoing its value', (name, value, message) => {
    const attempt = () => load({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(value);
  });
});
