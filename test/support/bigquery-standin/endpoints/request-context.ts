import type { StandinState } from '../standin-state.js';

/** What an endpoint gets: the shared state, the URL's project, query string and JSON body. */
export interface RequestContext {
  state: StandinState;
  project: string;
  query: Record<string, string>;
  body: unknown;
  /** The `timeout` fault fell on this request. */
  timesOut: boolean;
}

export type Endpoint = (ctx: RequestContext, ...pathParams: string[]) => Promise<unknown>;
