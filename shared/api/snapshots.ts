// The contract's part for analysis snapshots (issue 7): what a snapshot holds (scope, weights, tier
// cut-offs and community resolution, and each person's rank, score, tier and score breakdown), and the argument schemas of its API calls. Kept in
// its own file so shared/api/index.ts only lists the methods; the comparison itself is pure
// (shared/analytics/snapshot.ts).
import { z } from 'zod';
import type { BreakdownPart, Tier, Weights } from '../analytics/types';
import { COMPONENTS } from '../analytics/types';
import type { Scope } from './index';

/** One person as a snapshot keeps them: enough to compare, even after the person was merged away. */
export interface SnapshotPerson {
  id: number;
  name: string;
  institution: string | null;
  region: string | null;
  country: string | null;
  community: number;
  rank: number;
  score: number;
  tier: Tier;
  /** One part per weighted component; contribution = percentile × the snapshot's weight. */
  breakdown: BreakdownPart[];
}

/** The tier cut-offs and community resolution an analysis used (AnalysisOptions' tierCuts, resolution). */
export interface SnapshotSettings {
  /** Cumulative cut-offs by score from the top, e.g. [0.05, 0.2, 0.5]. */
  tierCuts: [number, number, number];
  resolution: number;
}

/** A saved snapshot without its people (getSnapshots, `kolmap snapshot list`). */
export interface SnapshotInfo {
  id: number;
  name: string;
  /** ISO time of saving. */
  createdAt: string;
  scope: Scope;
  /** The weights the analysis used (after renormalisation). */
  weights: Weights;
  /** The tier cut-offs and resolution (the defaults for snapshots saved before they could be set). */
  settings: SnapshotSettings;
  /** How many people it holds. */
  count: number;
}

export interface Snapshot extends SnapshotInfo {
  /** By rank, best first. */
  people: SnapshotPerson[];
}

/** Snapshot names: what a person types, and what `kolmap diff A B` takes. */
export const snapshotNameSchema = z
  .string()
  .trim()
  .min(1, 'a snapshot needs a name')
  .max(200)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), 'a name without control characters');

const componentSchema = z.enum(COMPONENTS);
const finite = z.number().finite();

export const snapshotPersonSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().max(1000),
    institution: z.string().max(2000).nullable(),
    region: z.string().max(200).nullable(),
    country: z.string().max(200).nullable(),
    community: z.number().int().min(0),
    rank: z.number().int().positive(),
    score: finite,
    tier: z.enum(['T1', 'T2', 'T3', 'T4']),
    breakdown: z
      .array(
        z
          .object({
            component: componentSchema,
            value: finite,
            percentile: finite,
            weight: finite,
            contribution: finite,
          })
          .strict(),
      )
      .max(COMPONENTS.length),
  })
  .strict();

export const weightsSchema = z.object(
  Object.fromEntries(COMPONENTS.map((c) => [c, z.number().finite().min(0)])) as Record<
    (typeof COMPONENTS)[number],
    z.ZodNumber
  >,
);

const fraction = z.number().finite().min(0).max(1);

export const snapshotSettingsSchema = z
  .object({
    tierCuts: z
      .tuple([fraction, fraction, fraction])
      .refine(([a, b, c]) => a <= b && b <= c, 'tier cut-offs must not decrease (T1 ≤ T2 ≤ T3)'),
    resolution: z.number().finite().positive().max(1000),
  })
  .strict();

/** saveSnapshot without its scope (index.ts adds the shared scope schema). */
export const saveSnapshotBase = z.object({
  name: snapshotNameSchema,
  weights: weightsSchema,
  /** The tier cut-offs and resolution used; absent: the defaults. */
  settings: snapshotSettingsSchema.optional(),
  people: z.array(snapshotPersonSchema).max(2_000_000),
  /** Replace a snapshot of the same name instead of refusing. */
  replace: z.boolean().optional(),
});

export const snapshotRefSchema = z.object({ name: snapshotNameSchema }).strict();

export const diffSnapshotsSchema = z
  .object({
    a: snapshotNameSchema,
    b: snapshotNameSchema,
    /** How many risers and fallers to list (default 10). */
    top: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
