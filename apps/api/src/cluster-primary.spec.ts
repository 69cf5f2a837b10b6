import { restartDelayMs } from './cluster-primary';

describe('restartDelayMs', () => {
  it('doubles from half a second while workers keep dying young, and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(restartDelayMs)).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
