import { runProcess } from './run-process.js';
import { startServer } from './start-server.js';

// `node dist/entry-points/server.js`: the server process, what production runs.
runProcess('portal server', startServer);
