import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { BackfillError } from '../domain/errors.js';
import { type Catalog, catalogSchema } from './catalog-schema.js';

export const DEFAULT_CATALOG_PATH = 'config/pipeline.yml';

function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 10)
    .map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

/** Parses and validates catalog text; `source` names it in errors. */
export function parseCatalog(text: string, source: string): Catalog {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new BackfillError(
      'CATALOG_INVALID',
      `catalog ${source} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    throw new BackfillError(
      'CATALOG_INVALID',
      `catalog ${source} is invalid:\n${formatIssues(result.error.issues)}`,
      'Fix the fields above; the schema is src/config/catalog-schema.ts.',
    );
  }
  return result.data;
}

export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BackfillError(
      'CATALOG_INVALID',
      `cannot read catalog ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'Set BACKFILL_CATALOG to the path of a pipeline catalog (default config/pipeline.yml).',
    );
  }
  return parseCatalog(text, path);
}
