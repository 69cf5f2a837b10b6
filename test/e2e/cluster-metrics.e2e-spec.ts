import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseMetrics, valueOf } from '../support/prometheus';

const root = path.join(__dirname, '../..');
const fixture = path.join(root, 'test/support/cluster-metrics-fixture.cjs');

/** Runs a real node:cluster of two workers (2 and 3 logins, 7 live sessions each) and scrapes the first. */
async function scrapeCluster(primaryServes: boolean) {
  const args = primaryServes ? [fixture, 'serve'] : [fixture];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 30_000 });
  return parseMetrics(stdout);
}

describe('metrics under node:cluster (WORKERS > 1)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }, 60_000);

  it("answers a scrape with every worker's counts added up, and the session count once", async () => {
    const samples = await scrapeCluster(true);
    expect(valueOf(samples, 'keyward_logins_total', { outcome: 'success' })).toBe(5);
    expect(valueOf(samples, 'keyward_active_sessions')).toBe(7);
  });

  it("falls back to the scraped worker's own counts when the primary does not collect them", async () => {
    const samples = await scrapeCluster(false);
    expect(valueOf(samples, 'keyward_logins_total', { outcome: 'success' })).toBe(2);
    expect(valueOf(samples, 'keyward_active_sessions')).toBe(7);
  });
});
