import type { Catalog } from '../config/catalog-schema.js';
import { addDays, type DateRange, type IsoDate, minDate } from '../domain/dates.js';
import { BackfillError } from '../domain/errors.js';

export type ModelsCatalog = NonNullable<Catalog['models']>;
export type Milestone = ModelsCatalog['milestones'][number];
export type MilestoneCheck = Milestone['checks'][number];

/** The catalog's models section; a catalog without one has no milestones to remind of. */
export function modelsCatalog(catalog: Catalog): ModelsCatalog {
  if (!catalog.models) {
    throw new BackfillError(
      'CATALOG_INVALID',
      'the catalog has no models section, so there are no ML milestones',
      'Add models: (challenger, champion, graded, predictions, milestones) to the catalog.',
    );
  }
  return catalog.models;
}

/** When a milestone is due: its date, else the challenger's start plus its offset (day 7 = start + 7). */
export function milestoneDate(catalog: Catalog, milestone: Milestone): IsoDate {
  if (milestone.date) return milestone.date;
  if (milestone.offsetDays !== undefined) {
    return addDays(modelsCatalog(catalog).challenger.startedOn, milestone.offsetDays);
  }
  throw new BackfillError(
    'CATALOG_INVALID',
    `milestone ${milestone.id} has neither a date nor offsetDays`,
    'Give it date: YYYY-MM-DD or offsetDays: N (days after the challenger started).',
  );
}

/**
 * The days a milestone judges: from the challenger's start to the day before it is due, or to
 * `through` (yesterday, for a look before the day) when that is earlier. Empty (end before start)
 * on the challenger's first day.
 */
export function milestoneWindow(catalog: Catalog, milestone: Milestone, through?: IsoDate): DateRange {
  const dayBefore = addDays(milestoneDate(catalog, milestone), -1);
  return {
    start: modelsCatalog(catalog).challenger.startedOn,
    end: through ? minDate(through, dayBefore) : dayBefore,
  };
}

/** The milestone with this id; BAD_INPUT naming the ids there are otherwise. */
export function findMilestone(catalog: Catalog, id: string): Milestone {
  const milestones = modelsCatalog(catalog).milestones;
  const found = milestones.find((m) => m.id === id);
  if (!found) {
    throw new BackfillError(
      'NOT_FOUND',
      `no milestone "${id}"`,
      `Milestones: ${milestones.map((m) => m.id).join(', ') || 'none in the catalog'}.`,
    );
  }
  return found;
}
