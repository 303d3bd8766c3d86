// Unit tests of the pure format helpers: byline parsing (people vs collective names), name keys,
// diacritic folding, DOI and date parsing.
import { describe, expect, it } from 'vitest';
import { parseDate, parseYear, findYear } from '../../shared/formats/dates';
import {
  initialsOf,
  looksCollective,
  nameKey,
  parseFamilyInitials,
  parsePubmedAuthors,
} from '../../shared/formats/names';
import { foldKey, normalizeDoi, titleNorm } from '../../shared/formats/text';

const people = (s: string) => parsePubmedAuthors(s).authors.map((a) => [a.family, a.given]);

describe('parsePubmedAuthors', () => {
  it('parses "Family Initials" in byline order and drops the final period', () => {
    expect(people('Mandel JC, Kreda DA, Mandl KD, Kohane IS, Ramoni RB.')).toEqual([
      ['Mandel', 'JC'],
      ['Kreda', 'DA'],
      ['Mandl', 'KD'],
      ['Kohane', 'IS'],
      ['Ramoni', 'RB'],
    ]);
  });

  it('keeps diacritics, particles, hyphens and multi-word family names', () => {
    const { authors } = parsePubmedAuthors(
      'Ramirez-Peña J, de Souto Barreto P, Shaik Syed Ali P, Höhne K, Hayıroğlu Mİ, Núñez Rodríguez MªH, Mouchtouri VΑ.',
    );
    expect(authors.map((a) => a.family)).toEqual([
      'Ramirez-Peña',
      'de Souto Barreto',
      'Shaik Syed Ali',
      'Höhne',
      'Hayıroğlu',
      'Núñez Rodríguez',
      'Mouchtouri',
    ]);
    expect(authors.map((a) => a.initials)).toEqual(['J', 'P', 'P', 'K', 'Mİ', 'MªH', 'VΑ']);
    expect(authors[0]?.raw).toBe('Ramirez-Peña J');
  });

  it('turns collective names after ";" into collectives, not people, and strips e-mail notes', () => {
    const r = parsePubmedAuthors(
      'Smith J, Doe A; eMERGE Consortium. Electronic address: x@y.org; eMERGE Consortium.',
    );
    expect(r.authors.map((a) => a.raw)).toEqual(['Smith J', 'Doe A']);
    expect(r.collectives).toEqual(['eMERGE Consortium']);
    const only = parsePubmedAuthors(
      'eMERGE Consortium. Electronic address: agibbs@bcm.edu; eMERGE Consortium.',
    );
    expect(only.authors).toEqual([]);
    expect(only.collectives).toEqual(['eMERGE Consortium']);
    expect(JSON.stringify(only)).not.toContain('@');
  });

  it('keeps the members listed after a collective name and drops "et al."', () => {
    const r = parsePubmedAuthors(
      'Rivett L, Meredith L; CITIID-NIHR COVID-19 BioResource Collaboration, Gupta R, Lyons PA, Huang C, et al.',
    );
    expect(r.authors.map((a) => a.raw)).toEqual(['Rivett L', 'Meredith L', 'Gupta R', 'Lyons PA', 'Huang C']);
    expect(r.collectives).toEqual(['CITIID-NIHR COVID-19 BioResource Collaboration']);
  });

  it('reads group names that contain commas as one collective', () => {
    expect(
      parsePubmedAuthors('French Society of Otorhinolaryngology, Head, Neck Surgery (SFORL).').collectives,
    ).toEqual(['French Society of Otorhinolaryngology, Head, Neck Surgery (SFORL)']);
    const r = parsePubmedAuthors(
      'National Academies of Sciences, Engineering, and Medicine; Environmental Health Matters Initiative; Staudt A, Saunders J, editors.',
    );
    expect(r.collectives).toEqual([
      'National Academies of Sciences, Engineering, and Medicine',
      'Environmental Health Matters Initiative',
    ]);
    expect(r.authors.map((a) => a.raw)).toEqual(['Staudt A', 'Saunders J']);
    expect(
      parsePubmedAuthors('Votto M, De Filippo M; Pediatric Residents of the University of Pavia, Italy.')
        .collectives,
    ).toEqual(['Pediatric Residents of the University of Pavia, Italy']);
  });

  it('keeps single-name authors as people', () => {
    const r = parsePubmedAuthors('Gupta AK, Sakshi, Rastogi A, Umesh.');
    expect(r.authors.map((a) => [a.family, a.initials])).toEqual([
      ['Gupta', 'AK'],
      ['Sakshi', ''],
      ['Rastogi', 'A'],
      ['Umesh', ''],
    ]);
    expect(r.collectives).toEqual([]);
  });

  it('splits "Group: Member" and handles dotted initials', () => {
    const r = parsePubmedAuthors('Sapkal G; $COVID Support Team: Pawar S., Upadhyaya C.P., Jain A.');
    expect(r.collectives).toEqual(['COVID Support Team']);
    expect(r.authors.map((a) => [a.family, a.initials])).toEqual([
      ['Sapkal', 'G'],
      ['Pawar', 'S'],
      ['Upadhyaya', 'CP'],
      ['Jain', 'A'],
    ]);
  });

  it('returns nothing for empty bylines', () => {
    expect(parsePubmedAuthors('')).toEqual({ authors: [], collectives: [] });
    expect(parsePubmedAuthors(undefined)).toEqual({ authors: [], collectives: [] });
    expect(parsePubmedAuthors('[No authors listed]').authors).toEqual([]);
  });
});

describe('names', () => {
  it('parses suffixes and refuses group-like text', () => {
    expect(parseFamilyInitials('Lopez JA Jr')).toEqual({
      family: 'Lopez',
      given: 'JA',
      initials: 'JA',
      suffix: 'Jr',
    });
    expect(parseFamilyInitials('COVID-19 Study Group')).toBeNull();
    expect(parseFamilyInitials('Study Group A')).toBeNull();
    expect(parseFamilyInitials('Sakshi')).toBeNull();
  });

  it('recognises collective names', () => {
    for (const s of [
      'eMERGE Consortium',
      'GISE',
      'LANCOVID',
      'Swissnoso Network',
      'and Medicine',
      'on behalf of X',
    ]) {
      expect(looksCollective(s), s).toBe(true);
    }
    for (const s of ['Sakshi', 'Safoura Javan', 'Md Insiat Islam Rabby', 'de H Martin']) {
      expect(looksCollective(s), s).toBe(false);
    }
  });

  it('derives initials from given names', () => {
    expect(initialsOf('Kenneth D')).toBe('KD');
    expect(initialsOf('Jean-Pierre')).toBe('JP');
    expect(initialsOf('K.D.')).toBe('KD');
    expect(initialsOf('KD')).toBe('KD');
    expect(initialsOf('Min-jun')).toBe('MJ');
    expect(initialsOf('')).toBe('');
  });

  it('folds diacritics for the matching key only', () => {
    expect(nameKey('Höhne', 'K')).toBe('hohne|k');
    expect(nameKey('Ramirez-Peña', 'J')).toBe(nameKey('Ramirez Pena', 'J'));
    expect(nameKey("O'Connor", 'MB')).toBe('oconnor|mb');
    expect(nameKey('Łukasiewicz', 'Ł')).toBe('lukasiewicz|l');
    expect(nameKey('Hayıroğlu', 'Mİ')).toBe('hayiroglu|mi');
    expect(foldKey('Müller-Straße')).toBe('muller strasse');
  });
});

describe('text and dates', () => {
  it('normalises DOIs', () => {
    expect(normalizeDoi('10.1093/JAMIA/ocw079.')).toBe('10.1093/jamia/ocw079');
    expect(normalizeDoi('https://doi.org/10.1000/ABC')).toBe('10.1000/abc');
    expect(normalizeDoi('doi: 10.3233/SHTI190783')).toBe('10.3233/shti190783');
    expect(normalizeDoi('')).toBeUndefined();
    expect(normalizeDoi('n/a')).toBeUndefined();
  });

  it('normalises titles for matching', () => {
    expect(titleNorm('SMART on FHIR: a  Standards-based, Interoperable Apps Platform.')).toBe(
      'smart on fhir a standards based interoperable apps platform',
    );
  });

  it('parses PubMed, Excel and ISO dates', () => {
    expect(parseDate('2016/06/09')).toBe('2016-06-09');
    expect(parseDate('3/7/2020')).toBe('2020-03-07');
    expect(parseDate('12/31/2020')).toBe('2020-12-31');
    expect(parseDate('31/12/2020')).toBe('2020-12-31');
    expect(parseDate('2020-03-07')).toBe('2020-03-07');
    expect(parseDate('2008-05')).toBe('2008-05');
    expect(parseDate('2019')).toBe('2019');
    expect(parseDate('2019/02/30')).toBeUndefined();
    expect(parseDate('soon')).toBeUndefined();
    expect(parseYear(' 2017 ')).toBe(2017);
    expect(parseYear('2017.0')).toBe(2017);
    expect(parseYear('17')).toBeUndefined();
    expect(findYear('Spine J. 2021 Oct;21(10):1649-1651.')).toBe(2021);
  });

  it('parses dotted European dates day first and dates with the month in words', () => {
    expect(parseDate('07.03.2020')).toBe('2020-03-07');
    expect(parseDate('31.12.2020')).toBe('2020-12-31');
    expect(parseDate('October 28, 2017')).toBe('2017-10-28');
    expect(parseDate('October 2017')).toBe('2017-10');
    expect(parseDate('Sept 2019')).toBe('2019-09');
    expect(parseDate('28 Oct 2017')).toBe('2017-10-28');
    expect(parseDate('2017 Oct 28')).toBe('2017-10-28');
    expect(parseDate('2017 Oct')).toBe('2017-10');
    expect(parseDate('OCT 28 2017')).toBe('2017-10-28');
    expect(parseDate('February 30, 2020')).toBeUndefined();
    expect(parseDate('Ma 2017')).toBeUndefined();
    expect(parseDate('Spring 2017')).toBeUndefined();
  });
});
