import { Argon2Config } from './platform-config';

/**
 * Sizes libuv's thread pool for the Argon2 slots plus Node's usual 4 threads, unless the operator set
 * UV_THREADPOOL_SIZE (validated against ARGON2_CONCURRENCY at load). libuv reads the variable once, when the pool
 * starts with the first fs, dns, zlib, crypto or argon2 job: the API's entry point calls this right after reading
 * the configuration, before any such job. Cluster workers inherit the environment from the primary.
 */
export function sizeThreadPool(argon2: Argon2Config): void {
  process.env.UV_THREADPOOL_SIZE ??= String(argon2.threadPoolSize);
}
