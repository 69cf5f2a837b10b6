import { pickLeastBusy, Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('lets `limit` holders in and queues the rest in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const third = semaphore.acquire().then((release) => (order.push(3), release));
    const fourth = semaphore.acquire().then((release) => (order.push(4), release));
    expect(semaphore.load).toBe(4);
    first();
    first(); // releasing twice frees one slot only
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(semaphore.load).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    expect(semaphore.load).toBe(1);
    held();
    expect(semaphore.load).toBe(0);
    await expect(semaphore.acquire(controller.signal)).rejects.toThrow('client gone');
  });
});

describe('pickLeastBusy', () => {
  it.each([
    [[3, 1, 2], 0, 1],
    [[0, 0, 0], 0, 0],
    [[0, 0, 0], 1, 1],
    [[0, 0, 0], 2, 2],
    [[1, 0, 0], 2, 2],
    [[0, 1, 1], 1, 0],
    [[5], 3, 0],
  ])('loads %j from %i -> %i', (loads, start, expected) => {
    expect(pickLeastBusy(loads, start)).toBe(expected);
  });
});
