import { z } from 'zod';
import { invalidRequest, unsupported } from '../bigquery-error.js';
import type { DatasetInfo, TableInfo } from '../warehouse/table-info.js';
import type { Endpoint, RequestContext } from './request-context.js';

const DatasetInsertSchema = z.object({
  datasetReference: z.object({ datasetId: z.string(), projectId: z.string().optional() }),
  location: z.string().optional(),
});

const TableInsertSchema = z.object({
  tableReference: z.object({ tableId: z.string() }),
  schema: z
    .object({
      fields: z.array(z.object({ name: z.string(), type: z.string(), mode: z.string().optional() })),
    })
    .optional(),
  timePartitioning: z.object({ type: z.string(), field: z.string().optional() }).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw invalidRequest(`stand-in: malformed ${what}: ${parsed.error.issues[0]?.message ?? ''}`);
}

function datasetResource(ctx: RequestContext, d: DatasetInfo) {
  return {
    kind: 'bigquery#dataset',
    etag: Buffer.from(`${d.dataset}`).toString('base64'),
    id: `${ctx.project}:${d.dataset}`,
    selfLink: `${ctx.state.url}/bigquery/v2/projects/${ctx.project}/datasets/${d.dataset}`,
    datasetReference: { datasetId: d.dataset, projectId: ctx.project },
    location: d.location,
    creationTime: String(d.createdMs),
    lastModifiedTime: String(d.createdMs),
    type: 'DEFAULT',
  };
}

function tableHeader(ctx: RequestContext, t: TableInfo) {
  return {
    kind: 'bigquery#table',
    id: `${ctx.project}:${t.dataset}.${t.table}`,
    tableReference: { projectId: ctx.project, datasetId: t.dataset, tableId: t.table },
    type: 'TABLE',
    ...(t.partitionField ? { timePartitioning: { type: 'DAY', field: t.partitionField } } : {}),
    creationTime: String(t.createdMs),
  };
}

async function tableResource(ctx: RequestContext, t: TableInfo) {
  const { rows, bytes } = await ctx.state.catalog.size(t);
  return {
    ...tableHeader(ctx, t),
    etag: Buffer.from(`${t.dataset}.${t.table}:${rows}`).toString('base64'),
    selfLink: `${ctx.state.url}/bigquery/v2/projects/${ctx.project}/datasets/${t.dataset}/tables/${t.table}`,
    schema: { fields: t.columns.map((c) => ({ name: c.name, type: c.type, mode: 'NULLABLE' })) },
    numRows: String(rows),
    numBytes: String(bytes),
    lastModifiedTime: String(t.createdMs),
    location: 'US',
  };
}

export const datasetsList: Endpoint = async (ctx) => {
  ctx.state.checkProject(ctx.project);
  const datasets = ctx.state.catalog.datasets().map((d) => {
    const { kind, id, datasetReference, location } = datasetResource(ctx, d);
    return { kind, id, datasetReference, location };
  });
  return {
    kind: 'bigquery#datasetList',
    etag: Buffer.from(String(datasets.length)).toString('base64'),
    datasets,
  };
};

export const datasetsGet: Endpoint = async (ctx, dataset = '') =>
  datasetResource(ctx, ctx.state.catalog.dataset(ctx.project, dataset));

/** datasets.insert: a dataset in memory (the served file is read-only). */
export const datasetsInsert: Endpoint = async (ctx) => {
  const req = parse(DatasetInsertSchema, ctx.body, 'Dataset');
  const info = await ctx.state.catalog.createDataset(
    ctx.project,
    req.datasetReference.datasetId,
    req.location ?? 'US',
    Date.now(),
  );
  return datasetResource(ctx, info);
};

export const tablesList: Endpoint = async (ctx, dataset = '') => {
  ctx.state.catalog.dataset(ctx.project, dataset);
  const tables = ctx.state.catalog.tables(dataset).map((t) => tableHeader(ctx, t));
  return {
    kind: 'bigquery#tableList',
    etag: Buffer.from(String(tables.length)).toString('base64'),
    tables,
    totalItems: tables.length,
  };
};

export const tablesGet: Endpoint = async (ctx, dataset = '', table = '') =>
  tableResource(ctx, ctx.state.catalog.table(ctx.project, dataset, table));

/** tables.insert: an empty table in memory, day-partitioned on a DATE field if asked. */
export const tablesInsert: Endpoint = async (ctx, dataset = '') => {
  const req = parse(TableInsertSchema, ctx.body, 'Table');
  const fields = req.schema?.fields ?? [];
  for (const f of fields) {
    if (f.mode && f.mode !== 'NULLABLE' && f.mode !== 'REQUIRED')
      throw unsupported(`field mode ${f.mode} (${f.name})`);
  }
  const tp = req.timePartitioning;
  if (tp && (tp.type !== 'DAY' || !tp.field)) {
    throw unsupported(
      `timePartitioning ${tp.type}${tp.field ? '' : ' by ingestion time'} (only DAY on a DATE field)`,
    );
  }
  const info = await ctx.state.catalog.createTable(
    ctx.project,
    dataset,
    req.tableReference.tableId,
    fields,
    tp?.field ?? null,
    Date.now(),
  );
  return tableResource(ctx, info);
};
