// Adapter for CMS Open Payments detail CSVs: the 2013-2015 schema (Physician_* recipient columns,
// Principal_Investigator_1..5_*) and the current one (Covered_Recipient_* with NPI). Each row is a
// payment; the person is the physician paid or else the first principal investigator. CMS names are
// upper case; they are stored title-cased.
import { parseDate, parseYear } from '../../../shared/formats/dates';
import { initialsOf, titleCaseName } from '../../../shared/formats/names';
import type { ImportPayment, ImportPerson } from '../../../shared/formats/types';
import { cell, indexColumns, tooWide, type Columns } from './common';
import { columnKey, type DelimitedAdapter } from './types';

function personAt(
  c: Columns,
  fields: string[],
  prefixes: string[],
): { person: ImportPerson; profileId?: string; prefix: string } | undefined {
  for (const p of prefixes) {
    const last = cell(fields, c.col(`${p}_last_name`));
    if (!last) continue;
    const first = cell(fields, c.col(`${p}_first_name`));
    const middle = cell(fields, c.col(`${p}_middle_name`));
    const family = titleCaseName(last);
    const given = titleCaseName([first, middle].filter(Boolean).join(' '));
    const person: ImportPerson = {
      raw: [first, middle, last].filter(Boolean).join(' '),
      family,
      given,
      initials: initialsOf(given),
    };
    const npi = cell(fields, c.col(`${p}_npi`));
    if (/^\d{10}$/.test(npi)) person.npi = npi;
    const profileId = cell(fields, c.col(`${p}_profile_id`));
    return profileId ? { person, profileId, prefix: p } : { person, prefix: p };
  }
  return undefined;
}

export const openPaymentsCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'openpayments-csv',
  label: 'CMS Open Payments CSV (openpaymentsdata.cms.gov download)',
  delimiters: [',', ';', '\t'],
  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    return keys.has('covered_recipient_type') || keys.has('total_amount_of_payment_usdollars') ? 0.9 : 0;
  },
  begin(columns) {
    const c = indexColumns(columns);
    const col = (...n: string[]) => c.col(...n);
    const iAmount = col('total_amount_of_payment_usdollars');
    const iType = col('covered_recipient_type');
    const iRecord = col('record_id');
    const iDate = col('date_of_payment');
    const iYear = col('program_year');
    const iPayer = col(
      'applicable_manufacturer_or_applicable_gpo_making_payment_name',
      'submitting_applicable_manufacturer_or_applicable_gpo_name',
    );
    const iNature = col('nature_of_payment_or_transfer_of_value', 'form_of_payment_or_transfer_of_value');
    const iStudy = col('name_of_study');
    const iNct = col('clinicaltrials_gov_identifier');
    const iEntity = col('noncovered_recipient_entity_name', 'teaching_hospital_name');
    const iCity = col('recipient_city');
    const iState = col('recipient_state');
    const iCountry = col('recipient_country');
    const iSpecialty = col(
      'covered_recipient_specialty_1',
      'physician_specialty',
      'principal_investigator_1_specialty',
    );
    const piPrefixes = [1, 2, 3, 4, 5].map((n) => `principal_investigator_${n}`);
    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const rawAmount = cell(fields, iAmount).replace(/[$,]/g, '');
      const amount = Number(rawAmount);
      if (!rawAmount || !Number.isFinite(amount)) {
        return {
          reject: `amount "${rawAmount.slice(0, 30)}" is not a number (column Total_Amount_of_Payment_USDollars)`,
        };
      }
      const investigators = piPrefixes
        .map((p) => personAt(c, fields, [p])?.person)
        .filter((p): p is ImportPerson => p !== undefined);
      const who = personAt(c, fields, ['covered_recipient', 'physician', ...piPrefixes]);
      const payment: ImportPayment = { line, amount, investigators };
      const set = <K extends keyof ImportPayment>(k: K, v: ImportPayment[K] | '' | undefined) => {
        if (v !== undefined && v !== '') payment[k] = v;
      };
      set('recordId', cell(fields, iRecord));
      set('recipientType', cell(fields, iType));
      if (who) {
        payment.person = who.person;
        set('profileId', who.profileId);
      }
      set('entity', cell(fields, iEntity));
      set('city', cell(fields, iCity) && titleCaseName(cell(fields, iCity)));
      set('region', cell(fields, iState));
      set('country', cell(fields, iCountry));
      // The specialty of the person paid (a principal investigator's is in that investigator's columns).
      const ownSpecialty = who ? c.col(`${who.prefix}_specialty_1`, `${who.prefix}_specialty`) : -1;
      set('specialty', cell(fields, ownSpecialty) || cell(fields, iSpecialty));
      set('payer', cell(fields, iPayer));
      set('date', parseDate(cell(fields, iDate)));
      set('programYear', parseYear(cell(fields, iYear)));
      set('nature', cell(fields, iNature));
      set('study', cell(fields, iStudy));
      set('nctId', cell(fields, iNct));
      return { payment };
    };
  },
};
