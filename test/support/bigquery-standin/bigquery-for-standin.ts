import { BigQuery } from '@google-cloud/bigquery';
import { standinAuthClient } from './standin-auth-client.js';
import type { BigqueryStandin } from './start-bigquery-standin.js';

export interface StandinClientOptions {
  project: string;
  location?: string;
  /**
   * The library retries 429, 5xx and rateLimitExceeded up to 3 times, 2-3 s apart at first:
   * 'fast' keeps the retries at ~50 ms, 'off' surfaces the first error.
   */
  retries?: 'library' | 'fast' | 'off';
}

/** The real @google-cloud/bigquery client, pointed at the stand-in, with no Google credentials. */
export function bigqueryForStandin(standin: BigqueryStandin, options: StandinClientOptions): BigQuery {
  // Without credentials the auth library would probe the GCE metadata server first.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const retries = options.retries ?? 'off';
  return new BigQuery({
    projectId: options.project,
    location: options.location ?? 'US',
    apiEndpoint: standin.url,
    authClient: standinAuthClient(),
    ...(retries === 'off' ? { retryOptions: { autoRetry: false } } : {}),
    ...(retries === 'fast' ? { retryOptions: { autoRetry: true, maxRetries: 3, maxRetryDelay: 0.05 } } : {}),
  });
}
