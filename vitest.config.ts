import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium. CI installs it and sets TILLIT_REQUIRE_BROWSER=1, so a
// missing browser fails there; on a machine without it they are left out, and we say so.
const hasBrowser = existsSync('/usr/bin/chromium');
const isBrowserRequired = process.env.TILLIT_REQUIRE_BROWSER === '1';
if (!hasBrowser && !isBrowserRequired) {
  process.stderr.write(
    '\n/usr/bin/chromium not found: browser tests (test/e2e) are skipped. apt-get install chromium to run them.\n\n',
  );
}
// Vitest 3 applies `--exclude` from the command line (as `npm run test:pg` gives it) to the root config only, not to
// the projects below, so they take it from here.
const commandLineExclude = process.argv.flatMap((argument, index, all): string[] => {
  const next = all[index + 1];
  if (argument === '--exclude') return next === undefined ? [] : [next];
  return argument.startsWith('--exclude=') ? [argument.slice('--exclude='.length)] : [];
});
const exclude = [
  '**/node_modules/**',
  ...(hasBrowser || isBrowserRequired ? [] : ['test/e2e/**']),
  ...commandLineExclude,
];

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default on two cores is one worker (cores - 1). Most files wait on SQLite, Chromium, servers and
    // worker threads rather than the CPU, so two at a time nearly halve the run.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest 3 decides once, for the whole run, whether a worker process is replaced after each file: it is not, so
    // each project below says for itself whether its files share loaded modules. The projects run one after the
    // other, each in fresh worker processes.
    poolOptions: { forks: { isolate: false } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude,
          // The tests beside the code share a process and its loaded modules from file to file: loading the
          // application again for each of ~140 files was a fifth of the run. Each file still makes its own
          // databases, containers and servers and closes them.
          isolate: false,
        },
      },
      {
        extends: true,
        // Chromium, server processes and the whole-app checks: every file loads its modules afresh, and none shares
        // a process with the unit files.
        test: { name: 'app', include: ['test/**/*.test.ts'], exclude, poolOptions: { forks: { isolate: true } } },
      },
    ],
  },
});
