import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendText } from './send.js';

/**
 * The page's files live in src/standin/page and tsc does not copy them to dist, so they are found
 * from the package root, which works from src (vitest) and from dist/src (npm start) alike.
 */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Serves `/` and `/page/<file>`; names are checked so nothing outside the folder is reachable. */
export async function servePage(res: ServerResponse, path: string): Promise<boolean> {
  const name = path === '/' ? 'index.html' : /^\/page\/([\w-]+\.(?:html|js|css|svg))$/.exec(path)?.[1];
  if (!name) return false;
  const ext = name.slice(name.lastIndexOf('.') + 1);
  try {
    const body = await readFile(join(packageRoot(), 'src', 'standin', 'page', name), 'utf8');
    res.setHeader('cache-control', 'no-store');
    sendText(res, 200, body, TYPES[ext]);
  } catch {
    sendText(res, 404, 'not found');
  }
  return true;
}
