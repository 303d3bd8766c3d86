// Adapter for ClinicalTrials.gov CSV downloads, current site (NCT Number, Study Title, Study Status,
// Sponsor, Collaborators, Phases, Locations...) and classic site (Title, Status,
// Sponsor/Collaborators...). Multi-valued cells are '|'-separated; quoted line breaks are handled by
// the reader. Each row is a trial: sponsor, collaborators, sites and any investigator names become
// trial_roles.
import { parseDate } from '../../../shared/formats/dates';
import { parseGivenFirstName } from '../../../shared/formats/names';
import type { ImportTrial, ImportTrialRole } from '../../../shared/formats/types';
import { cell, indexColumns, requireColumn, splitList, tooWide } from './common';
import { columnKey, type DelimitedAdapter } from './types';

const INVESTIGATOR_COLUMNS = [
  'investigators',
  'principal investigators',
  'principal investigator',
  'overall official',
  'overall officials',
  'responsible party investigator full name',
];

export const ctgovCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'ctgov-csv',
  label: 'ClinicalTrials.gov CSV (Search results → Download → CSV)',
  delimiters: [',', ';', '\t'],
  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    return keys.has('nct number') && (keys.has('study title') || keys.has('title')) ? 0.9 : 0;
  },
  begin(columns, file, headerLine) {
    const c = indexColumns(columns);
    const fix = 'Download the search results again from ClinicalTrials.gov as CSV';
    const iNct = requireColumn(c, file, headerLine, ['nct number'], 'NCT Number', fix);
    const iTitle = requireColumn(c, file, headerLine, ['study title', 'title'], 'Study Title', fix);
    const iStatus = c.col('study status', 'status');
    const iPhase = c.col('phases', 'phase');
    const iCond = c.col('conditions');
    const iInt = c.col('interventions');
    const iSponsor = c.col('sponsor');
    const iCollab = c.col('collaborators');
    const iSponsorCollab = c.col('sponsor/collaborators');
    const iStart = c.col('start date');
    const iEnd = c.col('completion date', 'primary completion date');
    const iLoc = c.col('locations');
    const iInv = c.col(...INVESTIGATOR_COLUMNS);
    // Columns of overall officials / principal investigators name leads unless an entry says otherwise.
    const leadColumn = iInv >= 0 && columnKey(columns[iInv] ?? '') !== 'investigators';
    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const nct = cell(fields, iNct).toUpperCase();
      if (!/^NCT\d{8}$/.test(nct))
        return { reject: `NCT Number "${nct.slice(0, 40)}" is not NCT followed by 8 digits` };
      const title = cell(fields, iTitle);
      if (!title) return { reject: 'no title (column "Study Title")' };
      const roles: ImportTrialRole[] = [];
      let sponsors = splitList(cell(fields, iSponsor), '|');
      let collaborators = splitList(cell(fields, iCollab), '|');
      if (iSponsor < 0 && iSponsorCollab >= 0) {
        const both = splitList(cell(fields, iSponsorCollab), '|');
        sponsors = both.slice(0, 1);
        collaborators = both.slice(1);
      }
      for (const s of sponsors) roles.push({ role: 'sponsor', name: s });
      for (const s of collaborators) roles.push({ role: 'collaborator', name: s });
      const locations = splitList(cell(fields, iLoc), '|');
      for (const l of locations) roles.push({ role: 'site', name: l });
      for (const inv of splitList(cell(fields, iInv), '|')) {
        // "Jane Smith, MD, Some Hospital" or "Jane Smith, Principal Investigator, Some Hospital".
        const parts = inv.split(',').map((p) => p.trim());
        const person = parseGivenFirstName(parts[0] ?? '');
        if (!person) continue;
        // "Principal Investigator", "Study Chair", "Study Director" lead; "Sub-Investigator" does not.
        const lead = parts.some((p) => /^(?:principal investigator|study (?:chair|director))$/i.test(p));
        const sub = parts.some((p) => /^(?:sub-?investigator|site investigator|investigator)$/i.test(p));
        const kind = lead || (leadColumn && !sub) ? 'principal investigator' : 'investigator';
        const role: ImportTrialRole = { role: kind, name: person.raw, person };
        const aff = parts
          .slice(1)
          .filter(
            (p) =>
              !/^(?:md|phd|mph|msc|do|mbbs|principal investigator|study (?:director|chair)|sub-?investigator|site investigator|investigator)$/i.test(
                p,
              ),
          )
          .join(', ');
        if (aff) role.affiliation = aff;
        roles.push(role);
      }
      const trial: ImportTrial = {
        line,
        nctId: nct,
        title,
        conditions: splitList(cell(fields, iCond), '|'),
        interventions: splitList(cell(fields, iInt), '|'),
        locations,
        roles,
      };
      const status = cell(fields, iStatus);
      if (status) trial.status = status;
      const phase = cell(fields, iPhase);
      if (phase) trial.phase = phase;
      const start = parseDate(cell(fields, iStart));
      if (start) trial.startDate = start;
      const end = parseDate(cell(fields, iEnd));
      if (end) trial.completionDate = end;
      return { trial };
    };
  },
};
