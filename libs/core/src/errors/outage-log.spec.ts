import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  it('logs the first failure of a burst, then one per interval with the count left out', () => {
    const log = new OutageLog(10_000);
    expect(log.record('database', 0)).toEqual({ suppressed: 0 });
    for (let at = 1; at <= 50; at++) expect(log.record('database', at * 100)).toBeNull();
    expect(log.record('database', 10_000)).toEqual({ suppressed: 50 });
    expect(log.record('database', 10_001)).toBeNull();
  });

  it('keeps a burst per dependency', () => {
    const log = new OutageLog(10_000);
    expect(log.record('database', 0)).toEqual({ suppressed: 0 });
    expect(log.record('session store', 1)).toEqual({ suppressed: 0 });
    expect(log.record('database', 2)).toBeNull();
  });
});
