// Loaded into a benchmarked server with `--import`: samples the server's own event-loop delay, so a benchmark can
// report it beside what an outside prober sees (which also counts the prober's wait for a free core). SIGUSR2 starts
// a new window; the worst delay of the current window is written to TILLIT_BENCH_EVENT_LOOP_FILE every 50 ms.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.TILLIT_BENCH_EVENT_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const write = () => writeFileSync(file, String(histogram.max / 1e6));
  process.on('SIGUSR2', () => {
    histogram.reset();
    write();
  });
  setInterval(write, 50).unref();
}
