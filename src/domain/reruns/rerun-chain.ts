import type { Catalog, CatalogPhase, CatalogTable } from '../../config/catalog-schema.js';
import { BadInputError } from '../errors.js';

// The order re-runs follow, from the catalog alone: phase by phase in catalog order and, within a
// phase with `stages`, stage by stage. A processor belongs to the phase of the tables it writes.

/** Processors that may run side by side: a catalog stage, or a phase without stages. */
export interface ChainLink {
  /** Position in the whole chain: a lower one runs first. */
  position: number;
  phase: CatalogPhase;
  /** In catalog order (the stage's order, or the tables' order for a phase without stages). */
  processors: string[];
  /** The tables these processors write. */
  tables: CatalogTable[];
}

export interface RerunChain {
  links: ChainLink[];
  /** The link a processor runs in; a processor outside every phase is bad input. */
  linkOf(processor: string): ChainLink;
  /** The phase before this one in catalog order, null for the first. */
  previousPhase(phase: CatalogPhase): CatalogPhase | null;
  /** The phase after this one in catalog order, null for the last. */
  nextPhase(phase: CatalogPhase): CatalogPhase | null;
  /** The phase's links, in order. */
  phaseLinks(phase: CatalogPhase): ChainLink[];
}

/** Processor -> phase id: through its first table, else through the first stage that names it. */
function processorPhases(catalog: Catalog): Map<string, number> {
  const phaseOf = new Map<string, number>();
  for (const t of catalog.tables) if (!phaseOf.has(t.processor)) phaseOf.set(t.processor, t.phase);
  for (const phase of catalog.phases)
    for (const stage of phase.stages ?? [])
      for (const p of stage) if (!phaseOf.has(p)) phaseOf.set(p, phase.id);
  return phaseOf;
}

/**
 * The phase's groups of processors: its stages (each keeping only the phase's own processors), then,
 * as a last group, any of its processors no stage names (run last: nothing says what they may skip).
 */
function phaseGroups(phase: CatalogPhase, members: string[]): string[][] {
  const seen = new Set<string>();
  const staged = (phase.stages ?? []).map((stage) => {
    const own = stage.filter((p) => members.includes(p) && !seen.has(p));
    for (const p of own) seen.add(p);
    return own;
  });
  return [...staged, members.filter((p) => !seen.has(p))].filter((group) => group.length > 0);
}

export function rerunChain(catalog: Catalog): RerunChain {
  const phaseOf = processorPhases(catalog);
  const links: ChainLink[] = [];
  for (const phase of catalog.phases) {
    const members = [...phaseOf].filter(([, id]) => id === phase.id).map(([p]) => p);
    for (const processors of phaseGroups(phase, members)) {
      const tables = catalog.tables.filter((t) => t.phase === phase.id && processors.includes(t.processor));
      links.push({ position: links.length, phase, processors, tables });
    }
  }
  const byProcessor = new Map(links.flatMap((link) => link.processors.map((p) => [p, link] as const)));
  const at = (phase: CatalogPhase, offset: number): CatalogPhase | null =>
    catalog.phases[catalog.phases.findIndex((p) => p.id === phase.id) + offset] ?? null;

  return {
    links,
    linkOf(processor) {
      const link = byProcessor.get(processor);
      if (link) return link;
      throw new BadInputError(
        `unknown processor "${processor}" (not part of any phase)`,
        `Accepted processors: ${[...byProcessor.keys()].join(', ')}.`,
      );
    },
    previousPhase: (phase) => at(phase, -1),
    nextPhase: (phase) => at(phase, 1),
    phaseLinks: (phase) => links.filter((link) => link.phase.id === phase.id),
  };
}
