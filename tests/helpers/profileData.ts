// Generated registry and payment exports about given people (issue 6 profile tests): an affiliation
// list that gives each person an NPI, a ClinicalTrials.gov CSV naming them as investigators, and an
// Open Payments CSV paying them by NPI. The real exports in ../shared/data/real name nobody who also
// publishes in the demo project, so a profile with trials and payments needs files like these.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface NamedPerson {
  family: string;
  given: string;
}

const PHASES = ['PHASE2', 'PHASE3', 'PHASE1|PHASE2', 'NA'];
const STATUSES = ['COMPLETED', 'RECRUITING', 'ACTIVE_NOT_RECRUITING', 'TERMINATED'];
const PAYERS = ['Acme Pharma Inc.', 'Borealis Therapeutics LLC', 'Cobalt Devices Corp', 'Delta Biologics'];
const NATURES = ['Consulting Fee', 'Food and Beverage', 'Travel and Lodging', 'Honoraria'];

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** NPI of the i-th person (10 digits, unique per index). */
export function npiOf(i: number): string {
  return String(1_234_500_000 + i);
}

/**
 * Writes the three files for `people` into dir and returns their paths, in import order (the
 * affiliation list first: payments link to a person only through an NPI the project already holds).
 * Person i holds i + 1 trials (the first as investigator of two) and is paid 2 × (i + 1) times.
 */
export function writeProfileFiles(dir: string, people: readonly NamedPerson[]): string[] {
  const affiliations = csv(
    ['Last name', 'First name', 'Institution', 'NPI', 'City', 'Country'],
    people.map((p, i) => [p.family, p.given, 'Northfield University Hospital', npiOf(i), 'Boston', 'US']),
  );
  const trialRows: (string | number)[][] = [];
  people.forEach((p, i) => {
    for (let k = 0; k <= i; k++) {
      const n = trialRows.length;
      trialRows.push([
        `NCT0${String(7_000_000 + n)}`,
        `Study ${n + 1} of ${p.family} in resistant hypertension`,
        STATUSES[n % STATUSES.length]!,
        PHASES[n % PHASES.length]!,
        `${2015 + (n % 8)}-0${1 + (n % 9)}-15`,
        `${2018 + (n % 8)}-1${n % 3}-01`,
        PAYERS[n % PAYERS.length]!,
        `${p.given} ${p.family}, MD, Northfield University Hospital`,
      ]);
    }
  });
  const trials = csv(
    [
      'NCT Number',
      'Study Title',
      'Study Status',
      'Phases',
      'Start Date',
      'Completion Date',
      'Sponsor',
      'Investigators',
    ],
    trialRows,
  );
  const paymentRows: (string | number)[][] = [];
  people.forEach((p, i) => {
    for (let k = 0; k < 2 * (i + 1); k++) {
      const n = paymentRows.length;
      paymentRows.push([
        String(900_000_000 + n),
        'Covered Recipient Physician',
        p.given.toUpperCase(),
        p.family.toUpperCase(),
        npiOf(i),
        (125.5 * (k + 1)).toFixed(2),
        `0${1 + (k % 9)}/15/${2019 + (k % 3)}`,
        2019 + (k % 3),
        PAYERS[(i + k) % PAYERS.length]!,
        NATURES[k % NATURES.length]!,
      ]);
    }
  });
  const payments = csv(
    [
      'Record_ID',
      'Covered_Recipient_Type',
      'Covered_Recipient_First_Name',
      'Covered_Recipient_Last_Name',
      'Covered_Recipient_NPI',
      'Total_Amount_of_Payment_USDollars',
      'Date_of_Payment',
      'Program_Year',
      'Applicable_Manufacturer_or_Applicable_GPO_Making_Payment_Name',
      'Nature_of_Payment_or_Transfer_of_Value',
    ],
    paymentRows,
  );
  const files = [
    ['kol-affiliations.csv', affiliations],
    ['ctg-studies-generated.csv', trials],
    ['open-payments-generated.csv', payments],
  ] as const;
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, 'utf8');
    return file;
  });
}
