/**
 * Starts `work` and waits for it unless `signal` aborts first, then rejects with the signal's reason as
 * `fetch` does. Nothing starts when the signal has already aborted; once started, the work goes on: it
 * may be shared with other callers.
 */
export function untilAborted<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortReason(signal: AbortSignal): unknown {
  // Older AbortController polyfills (React Native) have no `reason`.
  return signal.reason ?? Object.assign(new Error('This operation was aborted.'), { name: 'AbortError' });
}
