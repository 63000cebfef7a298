import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import type { EvidenceSummary } from '../domain/gates/evidence-fingerprint.js';
import type { RerunPlan } from '../domain/reruns/rerun-plan.js';
import type { WatchView } from '../domain/watch/watch-view.js';
import type {
  AuditInput,
  DecisionFilter,
  JsonValue,
  MilestoneChange,
  NewGateRequest,
  NewRerunRequest,
  NewWatch,
  OutboxClaim,
  OutboxEffect,
  OutboxFilter,
  RerunChange,
  RerunFilter,
  SlotClaim,
  VoteInput,
  WatchChange,
  WatchFilter,
} from './state-store.js';

// Every adapter parses its inputs here, so both refuse the same things with the same words.
// Ids and keys travel in Slack button values, hence the short, plain alphabets.
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (1 to 64)');
const user = z.string().min(1).max(64);
const isoDate = z.string().refine(isIsoDate, 'a real calendar date as YYYY-MM-DD');
const range = z
  .object({ start: isoDate, end: isoDate })
  .refine((r) => r.start <= r.end, 'a range whose start is not after its end');
const verdict = z.enum(['PASS', 'WARN', 'FAIL']);
const evidence = z.custom<EvidenceSummary>(
  (v) => typeof v === 'object' && v !== null && 'version' in v && 'tables' in v,
  'an EvidenceSummary (summarizeEvidence)',
);
const fingerprint = z.string().min(1).max(100);
const json = z.json() as z.ZodType<JsonValue>;
/** A Slack handle as Slack named the user; stored as said, null when Slack did not say. */
const handle = z.string().min(1).max(64).nullable().default(null);

const newGateRequest = z.object({
  id: id.optional(),
  gate: z.string().min(1).max(32),
  range,
  rangeLabel: z.string().min(1).max(100),
  requestedBy: user,
  requestedByHandle: handle,
  channel: z.string().min(1).max(64).nullable().optional(),
  messageTs: z.string().min(1).max(64).nullable().optional(),
  verdict,
  evidence,
  fingerprint,
  requiredApprovals: z.number().int().min(1).max(5),
});

const vote = z.object({
  requestId: id,
  voter: user,
  voterHandle: handle,
  vote: z.enum(['approve', 'reject']),
  reason: z.string().max(2000).nullable(),
  idempotencyKey: z.string().min(1).max(200),
  verdict,
  fingerprint,
  evidence,
});

const audit = z.object({
  actor: user,
  action: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'lower-case and dotted, e.g. "rerun.publish"'),
  args: json,
  result: json,
});

const decisionFilter = z.object({
  range: range.optional(),
  gate: z.string().min(1).max(32).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

const limit = z.number().int().min(1).max(1000);

// Stored as toISOString() gives it: store times compare as text, so one spelling only.
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO date-time')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'a real date-time')
  .transform((v) => new Date(v).toISOString());

// Re-run requests. The plan is planRerun's, stored as canonical JSON and given back as it was; the
// store needs of it only arrays to count steps and the messages' dates (its first and last date are
// columns, so a range filter need not parse plans).
const rerunState = z.enum(['planned', 'awaiting-approval', 'confirmed', 'cancelled', 'done']);
const isPlan = (v: unknown): v is RerunPlan => {
  if (typeof v !== 'object' || v === null) return false;
  const { steps, messages } = v as { steps?: unknown; messages?: unknown };
  return (
    Array.isArray(steps) &&
    Array.isArray(messages) &&
    messages.every(
      (m: { dates?: unknown }) =>
        Array.isArray(m?.dates) && m.dates.every((d) => typeof d === 'string' && isIsoDate(d)),
    )
  );
};
const plan = z.custom<RerunPlan>(
  (v) => isPlan(v) && json.safeParse(v).success,
  'a RerunPlan (planRerun) as JSON: steps and messages, dates as YYYY-MM-DD',
);

const newRerunRequest = z.object({
  id,
  requestedBy: user,
  requestedByHandle: handle,
  channel: z.string().min(1).max(64),
  words: z.string().min(1).max(500),
  plan,
});

const rerunChange = z.object({
  version: z.number().int().min(1),
  state: rerunState,
  fields: z
    .object({
      override: z
        .object({ by: user, reason: z.string().min(1).max(2000) })
        .strict()
        .nullable(),
      approvedBy: user.nullable(),
      confirmedBy: user.nullable(),
      confirmedAt: instant.nullable(),
      releasedSteps: z.number().int().min(0),
      doneAt: instant.nullable(),
    })
    .strict()
    .partial()
    .default({}),
});

const rerunFilter = z.object({
  states: z.array(rerunState).optional(),
  range: range.optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

// Outbox keys and streams are built by core actions from ids (e.g. "gate:g_0123456789ab:card"),
// owners by the relay from the host: printable ASCII, so logs and SQL parameters show them as is.
const printable = z.string().regex(/^[\x20-\x7E]{1,200}$/, 'printable ASCII, 1 to 200 characters');
const outboxEffect = z.object({
  key: printable,
  kind: z.enum(['chat.post', 'chat.update', 'chat.reply', 'queue.publish', 'home.publish']),
  stream: printable,
  payload: json,
});
// One transaction carries them all (on BigQuery one job and its parameters): an action writes a few.
const outboxEffects = z.array(outboxEffect).max(100);
const outboxClaim = z.object({
  owner: printable,
  limit,
  leaseMs: z.number().int().min(1).max(3_600_000),
});
const outboxFilter = z.object({
  stream: printable.optional(),
  state: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: limit.optional(),
});
// Schedules: a job's slot is the instant it was due, in toISOString()'s spelling (slots compare as
// text: newest first is text order); its owner is the replica, named as the relay's owners are.
const slotClaim = z.object({ job: id, slot: instant, owner: printable, late: z.boolean() }).strict();
const slotsLimit = z.number().int().min(1).max(200);
const milestoneChange = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('snooze'), until: isoDate, by: user }).strict(),
  z
    .object({
      id,
      kind: z.literal('decide'),
      choice: z.string().min(1).max(64),
      by: user,
      byHandle: handle,
      reason: z.string().max(2000).nullable().default(null),
    })
    .strict(),
]);

// Watches. The view is watchView's, stored as canonical JSON and given back as it was; the store
// needs of it only that it is one (phases and failures as JSON).
const watchState = z.enum(['active', 'complete', 'stopped', 'expired']);
const view = z.custom<WatchView>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as { phases?: unknown }).phases) &&
    typeof (v as { failures?: unknown }).failures === 'object' &&
    json.safeParse(v).success,
  'a WatchView (watchView) as JSON: phases and failures',
);
const count = z.number().int().min(0);
const newWatch = z
  .object({
    id,
    channel: z.string().min(1).max(64),
    words: z.string().min(1).max(500),
    range,
    rangeLabel: z.string().min(1).max(100),
    target: z.string().min(1).max(128).nullable(),
    everySeconds: z.number().int().min(30).max(86_400),
    startedBy: user,
    startedByHandle: handle,
    expiresAt: instant,
    progress: count,
    view,
  })
  .strict();
const watchChange = z.object({
  version: z.number().int().min(1),
  state: watchState,
  fields: z
    .object({
      lastTickAt: instant.nullable(),
      lastProgressAt: instant,
      progress: count,
      stalled: z.boolean(),
      stalls: count,
      view,
      endedAt: instant.nullable(),
      stoppedBy: user.nullable(),
      stoppedByHandle: z.string().min(1).max(64).nullable(),
    })
    .strict()
    .partial()
    .default({}),
});
const watchFilter = z
  .object({
    states: z.array(watchState).optional(),
    channel: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();

// A delivery error is kept to read, not refused for its length: a refusal would leave the row leased.
const deliveryError = z.string().transform((v) => v.slice(0, 2000));

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
  throw new BadInputError(`The state store refused this ${what}: ${issues}`);
}

/** Whether a word could be a stored id at all; one that could not names nothing (a typo, a paste). */
export const isStoreId = (value: string): boolean => id.safeParse(value).success;

/** Parsers for the port's inputs; each throws BadInputError naming the fields it refused. */
export const storeInput = {
  newGateRequest: (v: NewGateRequest): NewGateRequest => parse(newGateRequest, v, 'gate request'),
  vote: (v: VoteInput): VoteInput => parse(vote, v, 'vote'),
  audit: (v: AuditInput): AuditInput => parse(audit, v, 'audit entry'),
  decisionFilter: (v: DecisionFilter): DecisionFilter => parse(decisionFilter, v, 'history filter'),
  limit: (v: number): number => parse(limit, v, 'limit'),
  id: (v: string): string => parse(id, v, 'gate request id'),
  newRerunRequest: (v: NewRerunRequest): NewRerunRequest => parse(newRerunRequest, v, 're-run request'),
  rerunId: (v: string): string => parse(id, v, 're-run request id'),
  rerunChange: (v: RerunChange): RerunChange => parse(rerunChange, v, 're-run change'),
  rerunFilter: (v: RerunFilter): RerunFilter => parse(rerunFilter, v, 're-run filter'),
  slackRef: (v: string): string => parse(z.string().min(1).max(64), v, 'Slack channel or message ts'),
  outboxEffects: (v: OutboxEffect[]): OutboxEffect[] => parse(outboxEffects, v, 'outbox rows'),
  outboxClaim: (v: OutboxClaim): OutboxClaim => parse(outboxClaim, v, 'outbox claim'),
  outboxFilter: (v: OutboxFilter): OutboxFilter => parse(outboxFilter, v, 'outbox filter'),
  outboxKey: (v: string): string => parse(printable, v, 'outbox key'),
  outboxOwner: (v: string): string => parse(printable, v, 'outbox owner'),
  outboxResult: (v: JsonValue): JsonValue => parse(json, v, 'delivery result'),
  deliveryError: (v: string): string => parse(deliveryError, v, 'delivery error'),
  slotClaim: (v: SlotClaim): SlotClaim => parse(slotClaim, v, 'slot claim'),
  job: (v: string): string => parse(id, v, 'schedule job'),
  slotsLimit: (v: number): number => parse(slotsLimit, v, 'limit'),
  milestoneId: (v: string): string => parse(id, v, 'milestone id'),
  milestoneChange: (v: MilestoneChange): MilestoneChange => parse(milestoneChange, v, 'milestone change'),
  newWatch: (v: NewWatch): NewWatch => parse(newWatch, v, 'watch'),
  watchId: (v: string): string => parse(id, v, 'watch id'),
  watchChange: (v: WatchChange): WatchChange => parse(watchChange, v, 'watch change'),
  watchFilter: (v: WatchFilter): WatchFilter => parse(watchFilter, v, 'watch filter'),
  /** An ISO date-time, normalised to toISOString()'s spelling; null stays null. */
  retryAt: (v: string | null): string | null => (v === null ? null : parse(instant, v, 'retry time')),
};
