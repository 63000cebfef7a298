import { createRequire } from 'node:module';
import { type DestinationStream, type LoggerOptions as PinoOptions, pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Logger, LogLevel } from './logger.js';
import { REDACT_PATHS, REDACTED, scrubFields, scrubText } from './scrub-secrets.js';

export interface LoggerOptions {
  /** Lines below it are dropped; default info. */
  level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a stream and read the lines back. */
  destination?: DestinationStream;
  /** Readable lines instead of JSON; default: when no destination is given and stdout is a terminal. */
  pretty?: boolean;
}

// Cloud Logging reads `severity` (and `message`) from a JSON line; anything else stays in jsonPayload.
const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/**
 * The Logger port on pino: JSON lines with `severity`, `message` and an ISO `time`, as Cloud Logging
 * expects from a container's stdout; readable lines on a terminal. Secret fields are blanked and
 * token-shaped text is cleaned from every message and top-level string field.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const config: PinoOptions = {
    level: options.level ?? 'info',
    messageKey: 'message',
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: (error: Error) => scrubFields(pino.stdSerializers.err(error)) },
    hooks: {
      logMethod(args, method) {
        const clean = args.map((arg: unknown) =>
          typeof arg === 'string' ? scrubText(arg) : isFields(arg) ? scrubFields(arg) : arg,
        );
        method.apply(this, clean as Parameters<typeof method>);
      },
    },
    // pino-pretty reads the numeric level, so the severity shape is for JSON only.
    ...(pretty
      ? {}
      : { formatters: { level: (label: string) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }) } }),
  };
  return pino(config, pretty ? prettyStream(options.destination) : (options.destination ?? stdout()));
}

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);

// Synchronous writes: a line is on stdout when the call returns, so nothing is lost when the process
// exits right after (a crash at start-up, a SIGTERM on Cloud Run); one line per request costs
// microseconds. Not a transport: those run in a worker thread, add start-up time and must be flushed.
function stdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

// The stream form of pino-pretty, in this thread, for the same reasons; required lazily so that
// production (no terminal) never loads it.
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const build = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return build({
    sync: true,
    messageKey: 'message',
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    ignore: 'pid,hostname',
    ...(destination ? { destination } : {}),
  });
}
