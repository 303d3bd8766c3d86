// The one reader of typed country names and codes (shared/formats/places.ts countryCode): the CLI's
// --country, territory CSVs, the territory editor's place tags and, with native names, affiliation
// country fields all go through it.
import { describe, expect, it } from 'vitest';
import { countryCode } from '../../shared/formats/places';

describe('countryCode', () => {
  it('reads English names and their everyday and export spellings', () => {
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('  united kingdom ')).toBe('GB');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('uk')).toBe('GB');
    expect(countryCode('England')).toBe('GB');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('United States of America')).toBe('US');
    expect(countryCode('Holland')).toBe('NL');
    expect(countryCode('the Netherlands')).toBe('NL');
    expect(countryCode('Korea, Republic of')).toBe('KR');
    expect(countryCode('South Korea')).toBe('KR');
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('Türkiye')).toBe('TR');
    expect(countryCode('Cote dIvoire')).toBe('CI');
    expect(countryCode('Peoples R China')).toBe('CN');
  });

  it('reads ISO alpha-2 and alpha-3 codes in any case', () => {
    expect(countryCode('DE')).toBe('DE');
    expect(countryCode('de')).toBe('DE');
    expect(countryCode('DEU')).toBe('DE');
    expect(countryCode('deu')).toBe('DE');
    expect(countryCode('GBR')).toBe('GB');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('CHE')).toBe('CH');
  });

  it('reads names in the exporters own languages only when asked', () => {
    expect(countryCode('Deutschland')).toBeNull();
    expect(countryCode('Deutschland', true)).toBe('DE');
    expect(countryCode('España', true)).toBe('ES');
  });

  it('gives null for anything else', () => {
    expect(countryCode('Atlantis')).toBeNull();
    expect(countryCode('XX')).toBeNull();
    expect(countryCode('XXX')).toBeNull();
    expect(countryCode('EU')).toBeNull();
    expect(countryCode('Ohio')).toBeNull();
    expect(countryCode('ß')).toBeNull(); // "SS" only once upper-cased
    expect(countryCode('')).toBeNull();
    expect(countryCode('   ')).toBeNull();
  });
});
