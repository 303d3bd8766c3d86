// A person as AnalysisInput lists them (PersonRow), with no identifiers or place unless given: the
// tests that build analysis inputs by hand share it.
import type { PersonRow } from '../../shared/api';

export function personRow(id: number, name = `P${id}`, extra: Partial<PersonRow> = {}): PersonRow {
  return {
    id,
    name,
    family: name,
    given: '',
    orcid: null,
    institution: null,
    city: null,
    region: null,
    country: null,
    territory: null,
    ...extra,
  };
}
