import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../test/library-entry.js';
import { startMatchingSession } from './matching-session.js';
import { BACKGROUND_NICENESS } from './worker-script.js';

/** The nice value of each thread of this process, by thread id (Linux: field 19 of /proc/self/task/TID/stat). */
function niceByThread(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const thread of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nice.set(Number(thread), Number(fields[16]));
  }
  return nice;
}

const isLinux = process.platform === 'linux';
if (!isLinux)
  it.skip('the matching worker runs behind visitors: thread priorities are read from Linux /proc', () => {});
describe.runIf(isLinux)('the matching worker', () => {
  it('runs at a lower CPU priority than the main thread, which answers visitors', async () => {
    const before = niceByThread();
    const session = startMatchingSession([libraryEntry('backups', 'Do you test your backups?')], { top: 1 });
    try {
      const [suggestions] = await session.match([{ text: 'Are backups tested?', section: null }]);
      expect(suggestions?.[0]?.slug).toBe('backups');
      const during = niceByThread();
      const lowered = [...during].filter(([thread, nice]) => !before.has(thread) && nice === BACKGROUND_NICENESS);
      expect(lowered.length).toBe(1);
      // The main thread's id is the process id; it keeps its priority.
      expect(during.get(process.pid)).toBe(before.get(process.pid));
      expect(during.get(process.pid)).toBeLessThan(BACKGROUND_NICENESS);
    } finally {
      await session.close();
    }
  });
});
