/**
 * Runs `work` while a timer ticks every `intervalMs` on this thread, and returns its result with the longest time
 * the timer had to wait. The stretch after the last tick counts too, so work that never lets a tick run at all is
 * measured as the whole of its duration, not as zero.
 */
export async function measureLongestStall<T>(
  work: () => Promise<T>,
  intervalMs = 5,
): Promise<{ result: T; longestStallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, intervalMs);
  try {
    const result = await work();
    longest = Math.max(longest, performance.now() - last);
    return { result, longestStallMs: longest };
  } finally {
    clearInterval(timer);
  }
}
