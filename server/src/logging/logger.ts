// Structured logs (pino). Request logs carry the request id, route pattern, status and time —
// never bodies, query strings, tokens or personal data (the route pattern has no values in it).
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'huiyuan' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.token', '*.phone', '*.sessionKey', '*.session_key', '*.code'],
      censor: '[redacted]',
    },
  });
}

/** Routes Nest's own logging into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (typeof message === 'object' && message !== null)
      this.logger[level]({ context, ...(message as object) }, (rest[0] as string) ?? '');
    else this.logger[level]({ context }, String(message));
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest.slice(1));
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
