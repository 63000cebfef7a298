import fc from 'fast-check';
import { COMMANDS } from '../../src/commands/registry.js';
import { catalog } from '../support/ports.js';

// What people paste into a command: the grammar's own words in odd orders, and input meant to break
// it. Every arbitrary here is whitespace-free per word, so a word reaches the parsers whole.

/** Words the grammar knows: commands, sub-commands, ranges, targets, flags, ids of the right shape. */
// biome-ignore format: a word list, packed to read at a glance
export const GRAMMAR_WORDS: readonly string[] = [
  ...COMMANDS.map((c) => c.name), 'help', 'STATUS', 'Gaps', 'stauts', 'status', 'history',
  'failed', 'gaps', 'list', 'show', 'snooze', 'stop', 'every', 'last', 'current', 'all', 'today',
  'yesterday', 'last-7d', '7d', '30d', '24h', '5m', '30s', '6h', '10s',
  ...catalog.seasons.map((s) => s.id), '2023-11-01', '2023-11-03', '2023-10-24..2023-11-03',
  '2023-11-01..2023-11-02', '2022-23..2023-24',
  ...catalog.phases.flatMap((p) => [String(p.id), p.name, p.runHistoryPhase, `phase${p.id}`]),
  ...catalog.tables.slice(0, 6).flatMap((t) => [t.table, `${t.dataset}.${t.table}`]),
  ...catalog.processors.slice(0, 6).map((p) => p.name), ...Object.keys(catalog.gates),
  ...(catalog.models?.milestones ?? []).map((m) => m.id), '--public', '--explain', '--override',
  '--with-downstream', '--started', 'g_0123456789ab', 'r_0123456789ab', 'w_0123456789ab', 'g_',
  'w_', '0', '1', '3', '30', '200',
];

/** Input meant to break a parser or reach SQL: injections, odd dates, huge numbers, odd characters. */
// biome-ignore format: a word list, packed to read at a glance
export const HOSTILE_WORDS: readonly string[] = [
  "';DROP/**/TABLE/**/gate_requests;--", "2023-11-01';DELETE/**/FROM/**/audit_log;--",
  "x'OR'1'='1", '");DROP/**/TABLE/**/x;--', '`nba_raw`.`x`;--', 'nba_raw.x"/*',
  "'||(SELECT/**/1)||'", '$1', '$id', '@start', '?', ':name', '%27', '\\x27', "\\'", "''", '"',
  '`', ';', '--', '/*', '*/', 'UNION/**/SELECT', '1;SELECT/**/1', "analytics'", 'raw)--',
  'PlayerGameSummaryProcessor)OR(1=1', "g_0123456789ab'--", 'w_0123456789ab;', "day-7'--", 'r_%',
  'g_*', '2024-02-30', '2023-02-29', '2023-13-01', '2023-00-10', '2023-11-31', '99999-01-01',
  '0000-00-00', '0001-01-01', '9999-12-31', '1900-01-01..2100-12-31', '0001-01-01..9999-12-31',
  '2023-1-1', '20231101', '2023/11/01', '-2023-11-01', '+2023-11-01', '2023-11-01T00:00:00Z',
  '2023-11-03..2023-11-01', '2023-11-01..', '..2023-11-01', '..', '...', '2023-11-01...2023-11-02',
  '2021-22..2026-27', '1999-00', '2023-24..2021-22', '2099-00', 'last-0d',
  'last-999999999999999999999d', '999999999999999999999d', '1e308', 'NaN', 'Infinity', '-1', '-0',
  '0x10', '1.5', '00000000000000000000001', '4294967296', 'every0s', '0s', '1s', '999999h', '-5m',
  '5M', '5min', '1e3s', '２０２３-２４', '٢٠٢٣-١١-٠١', '2023‐11‐01', '2023‑11‑01', '2023−11−01',
  '2023-11-01\u200b', '\u202estatus', '\u200b', '\ufeff', '\u0000', '\u0007', '\u001b[31mred',
  '\u007f', '\ud800', '\udfff', 'e\u0301', '👩‍👩‍👧‍👦', 'ß', 'İ', 'ǅ', '\u2028', 'Ⅻ', '﷽',
  '&lt;script&gt;', '&amp;&amp;', '<@U0LEAD1>', '<#C0OPS|ops>', '<!channel>',
  '<https://x.invalid|x>', '*bold*', '_it_', '~s~', '```', '>quote',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder typed as text
  '${process.env}', '{{7*7}}', '%s%n%x', '../../etc/passwd', '/proc/self/environ',
  'C:\\Windows\\win.ini', '~/.ssh/id_rsa', 'file:///etc/hosts', '__proto__', 'constructor',
  'prototype', 'toString', 'hasOwnProperty', 'undefined', 'null', 'true', '{"v":1}', '[]', '{}',
  '%00', '--json', '--debug', '-h', '--', '-', '--public=1', '--explain=true',
];

const long = fc.constantFrom(
  'a'.repeat(10_000),
  '2023-'.repeat(2_000),
  "'".repeat(10_000),
  `${'x'.repeat(5_000)}';DROP/**/TABLE/**/t;--`,
  'é'.repeat(5_000),
  '2023-11-01..'.repeat(800),
  `g_${'0'.repeat(9_998)}`,
);

/** One whitespace-free word, weighted towards the grammar and towards trouble. */
export const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...GRAMMAR_WORDS) },
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_WORDS) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map(noSpace) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).map(noSpace) },
  { weight: 1, arbitrary: long },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...GRAMMAR_WORDS), fc.constantFrom(...HOSTILE_WORDS))
      .map(([a, b]) => `${a}${b}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.integer({ min: -50, max: 12_000 }),
        fc.integer({ min: -3, max: 15 }),
        fc.integer({ min: -3, max: 40 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  },
);

/** Anything whitespace in it becomes '_', so the word stays one word. */
function noSpace(text: string): string {
  const replaced = text.replace(/\s/gu, '_');
  return replaced === '' ? '_' : replaced;
}

// biome-ignore format: a word list, packed to read at a glance
const RANGES = [
  '2023-24', '2022-23', 'current', 'all', 'today', 'yesterday', 'last', '7d', 'last-30d', '2023-11-01',
  '2023-10-24..2023-11-03', '2023-11-02',
];
// biome-ignore format: a word list, packed to read at a glance
const TARGETS = [
  'raw', 'analytics', 'precompute', '3', '4', 'phase5', 'player_game_summary', 'PlayerGameSummaryProcessor',
  'nba_raw.nbac_team_boxscore',
];

/** Each command's own words, so its sub-commands and forms are reached, not only its first error. */
// biome-ignore format: word lists, packed to read at a glance
const OWN_WORDS: Record<string, readonly string[]> = {
  status: RANGES,
  gaps: [...RANGES, ...TARGETS],
  heatmap: [...RANGES, ...TARGETS],
  quality: [...RANGES, ...TARGETS, 'player_daily_cache'],
  failures: [...RANGES, ...TARGETS],
  runs: [...RANGES, ...TARGETS, '--started', 'last', '24h', '3d', '0h', '999d'],
  plan: ['2023-11-01', '2023-11-03', '2023-10-24', '2024-11-08', '2024-11-14', '30', '0', '7', '365', '-1'],
  gate: ['0', '1', '2', '3', '4', 'status', 'history', 'g_0123456789ab', ...RANGES],
  rerun: ['failed', 'gaps', 'status', 'history', 'r_0123456789ab', '--override', '--with-downstream', ...RANGES, ...TARGETS],
  watch: ['list', 'stop', 'every', '5m', '30s', '6h', '29s', '7h', 'w_0123456789ab', 'w_000000000000', ...RANGES, ...TARGETS],
  report: ['yesterday', 'today', '2023-11-01', '2023-11-04', '2023-11-06', '2021-10-19'],
  remind: ['list', 'show', 'snooze', ...(catalog.models?.milestones ?? []).map((m) => m.id), '1', '3', '30', '31', '0'],
};

/** The words after a command name: up to 6, any order, weighted towards the command's own words. */
export const argsFor = (command: string): fc.Arbitrary<string[]> => {
  const own = fc.constantFrom(...(OWN_WORDS[command] ?? GRAMMAR_WORDS));
  const next = fc.oneof({ weight: 3, arbitrary: own }, { weight: 2, arbitrary: word });
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(next, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(word, { maxLength: 6 }) },
  );
};

/** Whole command lines: a command name first most of the time, then its words. */
export const commandLine: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...COMMANDS.map((c) => c.name))
      .chain((name) => argsFor(name).map((rest) => [name, ...rest])),
  },
  { weight: 2, arbitrary: fc.array(word, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant<string[]>([]) },
);

/** Slack text: a command line joined with odd whitespace, or any text at all. */
export const slackText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(commandLine, fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0', '\u3000', '\r\n'))
      .map(([words, gap]) => words.join(gap)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\n\n',
      "'; DROP TABLE x; --",
      'status 2024-02-30',
      'x'.repeat(10_000),
    ),
  },
);
