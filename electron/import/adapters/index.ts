// The registry of import adapters, in detection order. To support a new format, write an adapter
// (see ./types.ts and ./pubmedCsv.ts) and add it here; detection (../detect.ts) asks every adapter.
import type { FormatId } from '../../../shared/api';
import { affiliationsCsv } from './affiliationsCsv';
import { ctgovCsv } from './ctgovCsv';
import { dimensionsCsv, lensCsv } from './dimensionsLens';
import { genericCsv } from './genericCsv';
import { medline } from './medline';
import { openPaymentsCsv } from './openPayments';
import { pubmedCsv } from './pubmedCsv';
import { scopusCsv } from './scopusCsv';
import type { Adapter } from './types';
import { wosTsv, wosTxt } from './wos';

export const ADAPTERS: readonly Adapter[] = [
  pubmedCsv,
  scopusCsv,
  wosTxt,
  wosTsv,
  medline,
  ctgovCsv,
  openPaymentsCsv,
  dimensionsCsv,
  lensCsv,
  affiliationsCsv,
  genericCsv,
];

export function adapterFor(id: FormatId): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

export type {
  Adapter,
  AdapterOptions,
  DelimitedAdapter,
  RowMapper,
  RowResult,
  TaggedAdapter,
  TaggedMapper,
} from './types';
