/**
 * Runs async tasks with at most `limit` at a time. EnKash's rate limits are undocumented, so every service that
 * fans out calls to it (search rounds, resends, pre-flight look-ups) keeps to `JournalTiming.concurrency` this way.
 */
export async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
}
