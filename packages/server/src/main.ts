import { runProcess } from './run-process.js';
import { startServer } from './server.js';

runProcess('portal server', startServer);
