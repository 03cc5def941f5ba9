import { type Logger, pino } from 'pino';
import { loggableError } from './loggable-error.js';

/**
 * The process logger: JSON lines on stdout, secrets redacted wherever they could appear. Written
 * asynchronously: lines logged while a write is under way go out together in the next one, instead of a
 * system call per line (one line per request, measured in bench/). pino flushes what is pending when the
 * process exits; only a kill -9 can lose the last lines.
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
