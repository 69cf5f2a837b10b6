// The baseline of login.bench.mjs, in a process of its own (so it shares no event loop with the bench's client):
// `concurrency` async loops call argon2.verify on one hash made here with the given parameters, back to back,
// for a warm-up and then a measured window. Prints one JSON line: verifies completed in the window, p50, p99.
//
//   node bench/login-raw-argon2.mjs '{"memoryCost":19456,"timeCost":2,"parallelism":1,"concurrency":16,
//                                     "warmupSeconds":2,"durationSeconds":10}'
//
// Exits 1 if a verification answers false or throws. login.bench.mjs sets UV_THREADPOOL_SIZE (the threads that
// hash at once) to keyward's ARGON2_CONCURRENCY; unset, it is Node's default of 4.
import argon2 from 'argon2';

const { memoryCost, timeCost, parallelism, concurrency, warmupSeconds, durationSeconds } = JSON.parse(process.argv[2]);
const password = 'correct horse battery staple, raw';
const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost, timeCost, parallelism });

const startedAt = performance.now();
const windowFrom = startedAt + warmupSeconds * 1000;
const windowTo = windowFrom + durationSeconds * 1000;
const latencies = [];

async function loop() {
  while (performance.now() < windowTo) {
    const started = performance.now();
    if (!(await argon2.verify(hash, password))) throw new Error('argon2.verify answered false for the right password');
    const ended = performance.now();
    if (ended >= windowFrom && ended <= windowTo) latencies.push(ended - started);
  }
}

try {
  await Promise.all(Array.from({ length: concurrency }, loop));
} catch (error) {
  console.error(`raw argon2 failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
latencies.sort((a, b) => a - b);
const rank = (p) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
// The hash shows the parameters it was made with ($argon2id$v=19$m=...,t=...,p=...$salt$digest).
console.log(JSON.stringify({ verifies: latencies.length, durationSeconds, p50Ms: rank(50), p99Ms: rank(99), hash }));
