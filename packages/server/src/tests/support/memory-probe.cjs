// Preloaded (node --expose-gc --require) into a server process under test: on the message 'memory' from
// the parent, collects garbage and answers with process.memoryUsage(), so a test can tell a heap that grows
// under load from one that only has not been collected yet.
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    global.gc?.();
    process.send(process.memoryUsage());
  });
  // The channel must not keep the server alive: SIGTERM still ends it as in production.
  process.channel?.unref();
}
