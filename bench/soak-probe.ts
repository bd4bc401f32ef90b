/**
 * Loaded into the soak's server with `--import`: reports the server's own heap once a second over
 * the IPC channel, which /proc cannot show. Changes nothing else in the server.
 */
if (process.send) {
  const timer = setInterval(() => {
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ heapUsed, rss });
  }, 1000);
  timer.unref();
}
