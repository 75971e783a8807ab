// node:test has no expect.poll: `eventually` retries an assertion until it
// holds or the time is up, then throws the assertion's last error.

export interface PollOptions {
  timeout?: number;
  interval?: number;
}

export async function eventually<T>(check: () => Promise<T> | T,
                                    { timeout = 10_000, interval = 100 }: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const err = last instanceof Error ? last : new Error(String(last));
      const before = err.message;
      err.message = `still failing after ${timeout} ms: ${before}`;
      if (err.stack) err.stack = err.stack.replace(before, err.message);
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
