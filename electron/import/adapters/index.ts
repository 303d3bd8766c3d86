// The registry of import adapters, in detection order. To support a new format, write an adapter
// (see ./types.ts and ./pubmedCsv.ts) and add it here; detection (../detect.ts) asks every adapter.
import type { FormatId } from '../../../shared/api';
import { pubmedCsv } from './pubmedCsv';
import type { Adapter } from './types';

export const ADAPTERS: readonly Adapter[] = [pubmedCsv];

export function adapterFor(id: FormatId): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

export type { Adapter, DelimitedAdapter, RowMapper, RowResult } from './types';
