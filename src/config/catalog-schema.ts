import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';

// SQL identifiers come only from here, so they are held to a shape that needs no quoting tricks.
const identifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'a SQL identifier: letters, digits and _, not starting with a digit',
  );
const projectId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/, 'a GCP project id: 6-63 lowercase letters, digits and -');
const isoDate = z.string().refine(isIsoDate, 'a real calendar date as YYYY-MM-DD');
const processorName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a processor name');

const phaseSchema = z.object({
  id: z.number().int().min(0).max(99),
  name: identifier,
  dataset: identifier,
  runHistoryPhase: z.string().min(1),
  topic: z.string().regex(/^[A-Za-z][A-Za-z0-9._~%+-]{2,254}$/, 'a Pub/Sub topic name'),
  bootstrap: z.boolean().default(false),
  // Which range of a backfill plan the phase runs over: upstream phases also cover the lookback window.
  planRange: z.enum(['upstream', 'target']).default('target'),
  stages: z.array(z.array(processorName).min(1)).optional(),
});

const tableSchema = z.object({
  dataset: identifier,
  table: identifier,
  phase: z.number().int(),
  dateColumn: identifier,
  critical: z.boolean(),
  expectedPartial: z.boolean().default(false),
  grain: z.enum(['game', 'team', 'player']),
  partitioned: z.boolean(),
  qualityColumn: identifier.optional(),
  staleAfterDays: z.number().int().positive().optional(),
  processor: processorName,
});

const seasonSchema = z.object({
  id: z.string().regex(/^\d{4}-\d{2}$/, 'a season id like 2023-24'),
  start: isoDate,
  regularSeasonEnd: isoDate,
  end: isoDate,
  bootstrapDays: z.number().int().min(0).optional(),
});

const regex = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

export const catalogSchema = z
  .object({
    name: z.string().min(1),
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone like America/New_York'),
    project: projectId.optional(),
    schedule: z.object({
      dataset: identifier,
      table: identifier,
      dateColumn: identifier,
      gameIdColumn: identifier,
      statusColumn: identifier,
      finalStatus: z.number().int(),
    }),
    phases: z.array(phaseSchema).min(1),
    tables: z.array(tableSchema).min(1),
    processors: z.array(z.object({ name: processorName, job: z.string().min(1) })).min(1),
    bootstrapDays: z.number().int().min(0),
    // The column every pipeline table stamps when a row is written: gates fingerprint its newest value.
    modifiedColumn: identifier.optional(),
    seasons: z.array(seasonSchema).min(1),
    lookbackDays: z.number().int().min(0).max(366),
    runHistory: z.object({
      dataset: identifier,
      table: identifier,
      columns: z.object({
        processor: identifier,
        phase: identifier,
        date: identifier,
        status: identifier,
        startedAt: identifier,
        errors: identifier,
        missingDependencies: identifier,
      }),
      statuses: z.object({ success: z.string(), failed: z.string(), skipped: z.string() }),
    }),
    failureClasses: z
      .array(
        z.object({
          name: z.string().min(1),
          pattern: regex,
          expectedEarlySeason: z.boolean().default(false),
          advice: z.string().min(1),
        }),
      )
      .min(1),
    playerCoverage: z.object({
      dataset: identifier,
      table: identifier,
      dateColumn: identifier,
      expectedColumn: identifier,
      actualColumn: identifier,
      pctColumn: identifier,
      alertBelowPct: z.number().min(0).max(100),
    }),
    qualityBuckets: z
      .array(z.object({ name: identifier, label: z.string().min(1), min: z.number().min(0).max(100) }))
      .min(1),
    gates: z.record(
      z.string().regex(/^\d$/, 'a gate number 0-9'),
      z.object({
        phase: z.number().int(),
        proceedAtPct: z.number().min(0).max(100).optional(),
        fixBelowPct: z.number().min(0).max(100).optional(),
        completePct: z.number().min(0).max(100).optional(),
        playerCoverageMinPct: z.number().min(0).max(100).optional(),
        // Approving the gate starts this phase: a start message goes to the phase's topic.
        startsPhase: z.number().int().optional(),
      }),
    ),
    limits: z.object({ maxRangeDays: z.number().int().positive() }),
    // Who may re-run: Slack users and user groups, like approvals (approvers may re-run too).
    operators: z
      .object({
        users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id like U0OPS')).default([]),
        usergroups: z.array(z.string().regex(/^S[A-Z0-9]+$/, 'a Slack user group id like S0OPS')).default([]),
      })
      .default({ users: [], usergroups: [] }),
    reruns: z
      .object({
        // Processor-dates one request may publish before an approver must approve it.
        maxDatesPerRequest: z.number().int().positive().default(200),
        // Most dates one Pub/Sub message carries.
        batchDates: z.number().int().min(1).max(366).default(31),
        // Where requests made outside Slack (the CLI) are announced: a channel id or name.
        channel: z.string().min(1).default('backfill-ops'),
      })
      .default({ maxDatesPerRequest: 200, batchDates: 31, channel: 'backfill-ops' }),
    // Where scheduled posts go (names or ids, passed to Slack as given); env overrides them.
    channels: z
      .object({
        reminders: z.string().min(1).default('reminders'),
        report: z.string().min(1).default('backfill-ops'),
      })
      .default({ reminders: 'reminders', report: 'backfill-ops' }),
    // Daily jobs: a cron expression (5 fields) in `timezone` (default the catalog's).
    schedules: z
      .object({
        timezone: z.string().optional(),
        reminders: z.string().default('0 9 * * *'),
        report: z.string().default('0 8 * * *'),
        // A daily report slot missed while the bot was down is posted late within this many hours.
        catchUpHours: z.number().min(0).max(72).default(6),
      })
      .default({ reminders: '0 9 * * *', report: '0 8 * * *', catchUpHours: 6 }),
    // ML monitoring: the models, the tables their numbers come from, and the milestones (seed 000).
    models: z
      .object({
        challenger: z.object({ id: z.string().min(1), startedOn: isoDate }),
        champion: z.object({ id: z.string().min(1) }),
        graded: z.object({
          dataset: identifier,
          table: identifier,
          systemColumn: identifier,
          dateColumn: identifier,
          playerColumn: identifier,
          absoluteErrorColumn: identifier,
          recommendationColumn: identifier,
          correctColumn: identifier,
          predictedColumn: identifier,
          actualColumn: identifier,
        }),
        predictions: z.object({
          dataset: identifier,
          table: identifier,
          systemColumn: identifier,
          dateColumn: identifier,
          placeholderColumn: identifier,
        }),
        milestones: z
          .array(
            z.object({
              id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a short id like day-7'),
              // A date, or days after the challenger's start (day 7 = startedOn + 7).
              date: isoDate.optional(),
              offsetDays: z.number().int().min(0).optional(),
              title: z.string().min(1),
              checklist: z.array(z.string().min(1)).default([]),
              successCriteria: z.array(z.string().min(1)).default([]),
              checks: z
                .array(
                  z.discriminatedUnion('metric', [
                    z.object({
                      metric: z.literal('mae'),
                      max: z.number(),
                      minSamples: z.number().int().default(1),
                    }),
                    z.object({ metric: z.literal('placeholders'), max: z.number().int().default(0) }),
                    z.object({
                      metric: z.literal('head-to-head'),
                      minOverlappingPicks: z.number().int().default(100),
                    }),
                    z.object({ metric: z.literal('ensemble-mae'), minSamples: z.number().int().default(1) }),
                    z.object({ metric: z.literal('graded-rows'), minRows: z.number().int().default(1) }),
                  ]),
                )
                .default([]),
              // Buttons for the approvers on this reminder (the champion decision).
              decision: z.array(z.enum(['promote', 'keep', 'retrain'])).optional(),
              // A topic the decision is published to, if any.
              decisionTopic: z.string().optional(),
            }),
          )
          .default([]),
      })
      .optional(),
    report: z
      .object({
        // Backfills (re-runs, approved stage starts) with no progress for longer are flagged.
        noProgressHours: z.number().min(1).default(6),
        // Dates back from yesterday checked for player coverage under the alert line.
        playerCoverageDays: z.number().int().min(1).default(30),
        failuresHours: z.number().int().min(1).default(24),
      })
      .default({ noProgressHours: 6, playerCoverageDays: 30, failuresHours: 24 }),
    // Live backfill watches (/backfill watch): a watch stops itself after maxHours if still
    // incomplete, and tells its starter once per stall when nothing progressed for stallMinutes.
    watch: z
      .object({
        maxHours: z.number().min(1).max(168).default(12),
        stallMinutes: z.number().int().min(1).max(1440).default(30),
      })
      .default({ maxHours: 12, stallMinutes: 30 }),
    approvals: z.object({
      users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id like U0LEAD1')).default([]),
      usergroups: z.array(z.string().regex(/^S[A-Z0-9]+$/, 'a Slack user group id like S0LEADS')).default([]),
      allowSelfApproval: z.boolean().default(false),
      twoApproverGates: z.array(z.string()).default([]),
    }),
    demo: z.object({
      playersPerGame: z.number().int().min(1).max(60),
      phase3HalfMissingSeason: z.string(),
      phase4FromSeason: z.string(),
      modelSystems: z.array(z.object({ id: z.string().min(1), since: isoDate })).min(1),
      // The pipeline simulator that answers re-runs on the embedded default.
      simulator: z
        .object({
          delaySeconds: z.number().min(0).max(3600).default(5),
          failureRate: z.number().min(0).max(1).default(0.1),
        })
        .default({ delaySeconds: 5, failureRate: 0.1 }),
    }),
  })
  .superRefine((catalog, ctx) => {
    const phaseIds = new Set(catalog.phases.map((p) => p.id));
    const processorNames = new Set(catalog.processors.map((p) => p.name));
    const seasonIds = new Set(catalog.seasons.map((s) => s.id));
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });

    catalog.tables.forEach((t, i) => {
      if (!phaseIds.has(t.phase))
        issue(['tables', i, 'phase'], `a phase id declared in phases (${[...phaseIds]})`);
      if (!processorNames.has(t.processor))
        issue(['tables', i, 'processor'], 'a processor declared in processors');
    });
    const seenTables = new Set<string>();
    catalog.tables.forEach((t, i) => {
      if (seenTables.has(t.table))
        issue(['tables', i, 'table'], `a unique table name (${t.table} appears twice)`);
      seenTables.add(t.table);
    });
    catalog.phases.forEach((p, i) => {
      p.stages?.forEach((stage, s) => {
        stage.forEach((name, k) => {
          if (!processorNames.has(name))
            issue(['phases', i, 'stages', s, k], 'a processor declared in processors');
        });
      });
    });
    catalog.seasons.forEach((s, i) => {
      if (!(s.start <= s.regularSeasonEnd && s.regularSeasonEnd <= s.end)) {
        issue(['seasons', i], 'start <= regularSeasonEnd <= end');
      }
      const previous = catalog.seasons[i - 1];
      if (previous && previous.end >= s.start)
        issue(['seasons', i, 'start'], `a date after ${previous.end} (seasons in order, not overlapping)`);
    });
    Object.entries(catalog.gates).forEach(([gate, g]) => {
      if (!phaseIds.has(g.phase)) issue(['gates', gate, 'phase'], 'a phase id declared in phases');
      if (g.startsPhase !== undefined && !phaseIds.has(g.startsPhase))
        issue(['gates', gate, 'startsPhase'], 'a phase id declared in phases');
    });
    if (!seasonIds.has(catalog.demo.phase3HalfMissingSeason))
      issue(['demo', 'phase3HalfMissingSeason'], 'a season id');
    if (!seasonIds.has(catalog.demo.phase4FromSeason)) issue(['demo', 'phase4FromSeason'], 'a season id');
    catalog.approvals.twoApproverGates.forEach((g, i) => {
      if (!(g in catalog.gates)) issue(['approvals', 'twoApproverGates', i], 'a gate id declared in gates');
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogTable = Catalog['tables'][number];
export type CatalogPhase = Catalog['phases'][number];
export type CatalogSeason = Catalog['seasons'][number];
export type FailureClass = Catalog['failureClasses'][number];
export type QualityBucket = Catalog['qualityBuckets'][number];
