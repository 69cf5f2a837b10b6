/** Bounds how many gpg processes run at once on one agent; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Running plus waiting: what "busy" means when choosing an agent. */
  get load(): number {
    return this.active + this.waiters.length;
  }

  /** Resolves with the release function once a slot is free; an abort while waiting gives up the place. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiters.shift()?.();
    };
  }
}

/** The index of the least loaded agent; ties go to the first one at or after `start`, so idle agents rotate. */
export function pickLeastBusy(loads: number[], start: number): number {
  let best = -1;
  for (let step = 0; step < loads.length; step++) {
    const index = (start + step) % loads.length;
    if (best < 0 || loads[index] < loads[best]) best = index;
  }
  return best;
}
