// Bylines of generic CSV files (electron/import/adapters/genericCsv.ts parseAnyByline): whichever
// style a spreadsheet uses, each person comes out once, with family and given name.
import { describe, expect, it } from 'vitest';
import { parseAnyByline } from '../../electron/import/adapters/genericCsv';

const names = (byline: string) => parseAnyByline(byline).authors.map((a) => [a.family, a.given]);

describe('parseAnyByline', () => {
  it('reads "Family, Given" pairs separated by commas as people, not as two names each', () => {
    expect(names('Doe, Jane')).toEqual([['Doe', 'Jane']]);
    expect(names('Doe, Jane A, García-López, María')).toEqual([
      ['Doe', 'Jane A'],
      ['García-López', 'María'],
    ]);
  });

  it('keeps PubMed and Scopus initials styles and semicolon lists as they were', () => {
    expect(names('Mandl KD, Kohane IS')).toEqual([
      ['Mandl', 'KD'],
      ['Kohane', 'IS'],
    ]);
    expect(names('Xiao Y., Zhang Y.')).toEqual([
      ['Xiao', 'Y'],
      ['Zhang', 'Y'],
    ]);
    expect(names('Doe, Jane; Smith, Adam')).toEqual([
      ['Doe', 'Jane'],
      ['Smith', 'Adam'],
    ]);
  });

  it('does not pair names given first ("Jane Doe, Adam Smith" is two people)', () => {
    expect(names('Jane Doe, Adam Smith')).toHaveLength(2);
    expect(names('Smith, John, Jones')).toHaveLength(3);
  });
});
