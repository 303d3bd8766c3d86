// Adapter for the analyst's own affiliation list: one row per person and institution, with columns
// such as Name (or Family/Given), ORCID, NPI, Institution, Department, City, Region, Country and
// Years ("2015-2020") or First year / Last year. Rows become author_institutions.
import { countryOfText } from '../../../shared/formats/affiliations';
import { parseYear } from '../../../shared/formats/dates';
import {
  initialsOf,
  normalizeOrcid,
  parseCommaName,
  parseGivenFirstName,
} from '../../../shared/formats/names';
import type { ImportAffiliation, ImportInstitution, ImportPerson } from '../../../shared/formats/types';
import { cell, indexColumns, requireColumn, tooWide } from './common';
import { columnKey, type DelimitedAdapter } from './types';

const NAME = ['name', 'full name', 'person', 'kol', 'kol name', 'author'];
const FAMILY = ['family name', 'last name', 'surname', 'family'];
const GIVEN = ['given name', 'first name', 'given names', 'given', 'first'];
const INSTITUTION = ['institution', 'organisation', 'organization', 'affiliation', 'hospital'];
const EXTRAS = [
  'orcid',
  'npi',
  'department',
  'city',
  'region',
  'state',
  'country',
  'years',
  'first year',
  'last year',
];

export const affiliationsCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'affiliations-csv',
  label: 'Affiliation list CSV (name, ORCID, NPI, institution, department, city, region, country, years)',
  delimiters: [',', ';', '\t'],
  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    const name = NAME.some((k) => keys.has(k)) || FAMILY.some((k) => keys.has(k));
    const inst = INSTITUTION.some((k) => keys.has(k));
    const extras = EXTRAS.filter((k) => keys.has(k)).length;
    return name && inst && extras >= 2 && !keys.has('title') ? 0.7 : 0;
  },
  begin(columns, file, headerLine) {
    const c = indexColumns(columns);
    const fix = 'An affiliation list needs a Name (or Last name) column and an Institution column';
    const iInst = requireColumn(c, file, headerLine, INSTITUTION, 'Institution', fix);
    const iName = c.col(...NAME);
    const iFamily = c.col(...FAMILY);
    if (iName < 0 && iFamily < 0) requireColumn(c, file, headerLine, NAME, 'Name', fix);
    const iGiven = c.col(...GIVEN);
    const iOrcid = c.col('orcid', 'orcid id');
    const iNpi = c.col('npi');
    const iDept = c.col('department', 'dept');
    const iCity = c.col('city');
    const iRegion = c.col('region', 'state', 'province');
    const iCountry = c.col('country');
    const iYears = c.col('years', 'year');
    const iFirst = c.col('first year', 'from', 'start year');
    const iLast = c.col('last year', 'to', 'end year');
    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      let person: ImportPerson | null;
      const family = cell(fields, iFamily);
      if (family) {
        const given = cell(fields, iGiven);
        person = {
          raw: [given, family].filter(Boolean).join(' '),
          family,
          given,
          initials: initialsOf(given),
        };
      } else {
        const name = cell(fields, iName);
        person = name.includes(',') ? parseCommaName(name) : parseGivenFirstName(name);
      }
      if (!person) return { reject: 'no name (column "Name")' };
      const instName = cell(fields, iInst);
      if (!instName) return { reject: 'no institution (column "Institution")' };
      const orcidRaw = cell(fields, iOrcid);
      if (orcidRaw) {
        const orcid = normalizeOrcid(orcidRaw);
        if (!orcid)
          return { reject: `ORCID "${orcidRaw.slice(0, 40)}" is not an ORCID iD (0000-0000-0000-0000)` };
        person.orcid = orcid;
      }
      const npi = cell(fields, iNpi);
      if (npi) {
        if (!/^\d{10}$/.test(npi)) return { reject: `NPI "${npi.slice(0, 20)}" is not 10 digits` };
        person.npi = npi;
      }
      const institution: ImportInstitution = { name: instName };
      const city = cell(fields, iCity);
      if (city) institution.city = city;
      const region = cell(fields, iRegion);
      if (region) institution.region = region;
      const country = cell(fields, iCountry);
      if (country)
        institution.country = /^[A-Za-z]{2}$/.test(country)
          ? country.toUpperCase()
          : (countryOfText(country) ?? country);
      const row: ImportAffiliation = { line, person, institution };
      const dept = cell(fields, iDept);
      if (dept) row.department = dept;
      const years = cell(fields, iYears);
      const span = /^(\d{4})\s*(?:[-–—]|to)\s*(\d{4}|present|now)?$/i.exec(years);
      const first = parseYear(cell(fields, iFirst)) ?? (span ? parseYear(span[1]) : parseYear(years));
      const last = parseYear(cell(fields, iLast)) ?? (span ? parseYear(span[2]) : parseYear(years));
      if (first !== undefined) row.firstYear = first;
      if (last !== undefined) row.lastYear = last;
      return { affiliation: row };
    };
  },
};
