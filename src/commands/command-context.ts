import type { Clock } from '../clock/clock.js';
import type { Catalog } from '../config/catalog-schema.js';
import { dateInZone, type IsoDate } from '../domain/dates.js';
import type { RangeContext } from '../domain/range-parser.js';
import type { StateStore } from '../store/state-store.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** The ports a command runs against; fronts build it once and pass it to every command. */
export interface CommandPorts {
  catalog: Catalog;
  warehouse: Warehouse;
  clock: Clock;
  /** Gate requests and decisions (the bot's); commands that only read the warehouse don't need it. */
  store?: StateStore;
}

export function today(ports: Pick<CommandPorts, 'catalog' | 'clock'>): IsoDate {
  return dateInZone(ports.clock.now(), ports.catalog.timezone);
}

export function rangeContext(ports: Pick<CommandPorts, 'catalog' | 'clock'>): RangeContext {
  return {
    today: today(ports),
    seasons: ports.catalog.seasons,
    maxRangeDays: ports.catalog.limits.maxRangeDays,
  };
}
