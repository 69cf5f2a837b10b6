import { Clock, Random } from '@keyward/kernel';

export class FakeClock extends Clock {
  constructor(private current = new Date('2026-11-21T12:00:00.000Z')) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Deterministic ids and tokens: uuid-shaped counters and a counter-based token. */
export class SequentialRandom extends Random {
  private counter = 0;
  uuid(): string {
    this.counter += 1;
    return `00000000-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
  }
  token(bytes: number): string {
    this.counter += 1;
    return `t${this.counter}`.padEnd(Math.ceil((bytes * 4) / 3), 'x');
  }
}
