import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * A V8 CPU profile of this process's main thread while `run` runs, written to
 * `<dir>/<name>.cpuprofile` (open it in Chrome's DevTools). For suites that run the measured
 * service in the bench's own process, where `--cpu-prof` would mix every suite into one profile.
 * Without a `dir` it only runs `run`.
 */
export async function profiled<T>(dir: string | undefined, name: string, run: () => Promise<T>): Promise<T> {
  if (dir === undefined) return run();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    try {
      return await run();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    }
  } finally {
    session.disconnect();
  }
}
