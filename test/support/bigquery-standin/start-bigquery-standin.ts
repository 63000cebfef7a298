import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BigqueryError, invalidRequest } from './bigquery-error.js';
import type { Fault } from './fault-plan.js';
import type { Hold } from './hold-plan.js';
import { routeRequest } from './route-request.js';
import { StandinState } from './standin-state.js';
import { DuckdbSession } from './warehouse/duckdb-session.js';
import { TableCatalog } from './warehouse/table-catalog.js';

export interface BigqueryStandinOptions {
  /** The DuckDB file to serve, opened READ_ONLY (one schema per BigQuery dataset). */
  duckdbPath: string;
  project: string;
  /** Which tables are day-partitioned on which DATE column, key 'dataset.table'. */
  partitioning: Record<string, string>;
  /** Default 0: any free port. */
  port?: number;
  /** Queries taking longer than this answer jobComplete:false on jobs.query and finish later. */
  slowQueryMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
}

export interface BigqueryStandin {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Jobs run (query text, params, labels, maximumBytesBilled, jobTimeoutMs, location, dryRun, bytes). */
  jobs: {
    id: string;
    sql: string;
    params: unknown;
    labels: Record<string, string>;
    maximumBytesBilled?: string;
    jobTimeoutMs?: string;
    location?: string;
    dryRun: boolean;
    totalBytesProcessed: number;
  }[];
  /** Make the next `count` requests (default 1) fail like BigQuery does. */
  failNext(fault: Fault, count?: number): void;
  /** Artificial delay added to every query (to exercise jobComplete:false and job timeouts). */
  setQueryDelay(ms: number): void;
  /** Holds the next job whose SQL matches before it is submitted, until released (see hold-plan.ts). */
  holdNext(match: RegExp): Hold;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serve(state: StandinState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://standin.invalid');
  const query = Object.fromEntries(url.searchParams);
  let status = 200;
  let payload: unknown;
  try {
    const raw = await readBody(req);
    let body: unknown;
    let malformed = false;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
      malformed = true;
    }
    state.requests.push({ method, path: url.pathname, query, body, at: Date.now() });
    if (malformed) throw invalidRequest('Invalid JSON payload received.');
    payload = await routeRequest(state, method, url.pathname, query, body);
  } catch (error) {
    let e: BigqueryError;
    if (error instanceof BigqueryError) e = error;
    else {
      // A bug in the stand-in, not a BigQuery answer: say so loudly (500 internalError, stack in the log).
      console.error('BigQuery stand-in bug:', error);
      e = new BigqueryError(
        'internalError',
        `stand-in bug: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    status = e.httpStatus;
    payload = e.body();
  }
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(payload));
}

/**
 * A BigQuery v2 REST stand-in on loopback, backed by a DuckDB file, for the real @google-cloud/bigquery
 * client: `new BigQuery({ projectId, apiEndpoint: standin.url, location, authClient: standinAuthClient() })`.
 * It translates only the GoogleSQL our builders emit and refuses the rest with 400 invalidQuery.
 */
export async function startBigqueryStandin(options: BigqueryStandinOptions): Promise<BigqueryStandin> {
  const session = await DuckdbSession.open(options.duckdbPath);
  let catalog: TableCatalog;
  try {
    catalog = await TableCatalog.load(session, options.project, options.partitioning, Date.now());
  } catch (error) {
    await session.close();
    throw error;
  }
  const state = new StandinState(options.project, session, catalog, options.slowQueryMs ?? null);
  const server = createServer((req, res) => {
    void serve(state, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url: state.url,
    requests: state.requests,
    jobs: state.recordedJobs,
    failNext: (fault, count = 1) => state.faults.set(fault, count),
    setQueryDelay: (ms) => {
      state.queryDelayMs = Math.max(0, ms);
    },
    holdNext: (match) => state.holds.add(match),
    async close() {
      if (closed) return;
      closed = true;
      state.holds.close();
      state.jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The client keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      });
      await session.close();
    },
  };
}
