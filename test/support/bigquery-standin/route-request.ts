import { BigqueryError } from './bigquery-error.js';
import {
  datasetsGet,
  datasetsInsert,
  datasetsList,
  tablesGet,
  tablesInsert,
  tablesList,
} from './endpoints/dataset-endpoints.js';
import { getQueryResults, jobsCancel, jobsGet, jobsInsert, jobsQuery } from './endpoints/job-endpoints.js';
import type { Endpoint } from './endpoints/request-context.js';
import { faultError } from './fault-plan.js';
import type { StandinState } from './standin-state.js';

interface Route {
  method: string;
  path: RegExp;
  endpoint: Endpoint;
  /** Takes the `timeout` fault (a request about a query job). */
  job?: true;
}

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/queries$/, endpoint: jobsQuery, job: true },
  { method: 'GET', path: /^\/queries\/([^/]+)$/, endpoint: getQueryResults, job: true },
  { method: 'POST', path: /^\/jobs$/, endpoint: jobsInsert, job: true },
  { method: 'GET', path: /^\/jobs\/([^/]+)$/, endpoint: jobsGet, job: true },
  { method: 'POST', path: /^\/jobs\/([^/]+)\/cancel$/, endpoint: jobsCancel },
  { method: 'GET', path: /^\/datasets$/, endpoint: datasetsList },
  { method: 'POST', path: /^\/datasets$/, endpoint: datasetsInsert },
  { method: 'GET', path: /^\/datasets\/([^/]+)$/, endpoint: datasetsGet },
  { method: 'GET', path: /^\/datasets\/([^/]+)\/tables$/, endpoint: tablesList },
  { method: 'POST', path: /^\/datasets\/([^/]+)\/tables$/, endpoint: tablesInsert },
  { method: 'GET', path: /^\/datasets\/([^/]+)\/tables\/([^/]+)$/, endpoint: tablesGet },
];

const PREFIX = /^\/bigquery\/v2\/projects\/([^/]+)(\/.*)$/;

/** One request: the due fault first (as BigQuery's front end would fail it), then the endpoint. */
export async function routeRequest(
  state: StandinState,
  method: string,
  path: string,
  query: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  const prefixed = PREFIX.exec(path);
  const rest = prefixed?.[2] ?? '';
  let params: string[] = [];
  const route = ROUTES.find((r) => {
    const m = r.method === method ? r.path.exec(rest) : null;
    if (m) params = m.slice(1).map(decodeURIComponent);
    return m !== null;
  });
  const fault = state.faults.take((f) => f !== 'timeout' || route?.job === true);
  if (fault && fault !== 'timeout') throw faultError(fault, state.project);
  if (!prefixed || !route) {
    throw new BigqueryError('notFound', `stand-in: unsupported endpoint ${method} ${path}`);
  }
  const project = decodeURIComponent(prefixed[1] ?? '');
  return route.endpoint({ state, project, query, body, timesOut: fault === 'timeout' }, ...params);
}
