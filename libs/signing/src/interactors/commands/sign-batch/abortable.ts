/**
 * Iterates until `signal` aborts, without waiting for the next item to arrive: a failed batch must not wait
 * for a slow client to send its next part. The abandoned read settles whenever the source gives up.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  let finished = false;
  try {
    while (!signal.aborted) {
      const next = iterator.next();
      next.catch(() => undefined);
      const result = await Promise.race([next, aborted]);
      if (result === 'aborted') return;
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) iterator.return?.().catch(() => undefined);
  }
}
