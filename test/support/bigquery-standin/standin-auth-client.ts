import type { BigQueryOptions } from '@google-cloud/bigquery';

/**
 * Credentials for a client that talks to the stand-in: a fixed bearer token, no file, no network.
 * Without any credentials the client still works (set METADATA_SERVER_DETECTION=none so it does not
 * probe the metadata server), but it then replaces any 401 answer by its own "Could not load the
 * default credentials" error; with this auth client a 401 surfaces as BigQuery's.
 */
export function standinAuthClient(): NonNullable<BigQueryOptions['authClient']> {
  const client = {
    getRequestHeaders: async () => new Headers({ authorization: 'Bearer bigquery-standin' }),
    getProjectId: async () => 'bigquery-standin',
  };
  // The library only calls getRequestHeaders (and getProjectId when no projectId is given).
  return client as unknown as NonNullable<BigQueryOptions['authClient']>;
}
