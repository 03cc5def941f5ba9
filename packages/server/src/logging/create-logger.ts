import { type Logger, pino } from 'pino';
import { loggableError } from './loggable-error.js';

/**
 * The process logger: JSON lines on stdout, secrets redacted wherever they could appear. Written
 * asynchronously, lines logged during a write going out together in the next (docs/benchmarks.md). pino
 * flushes what is pending when the process exits; only a kill -9 can lose the last lines.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: { err: loggableError },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
