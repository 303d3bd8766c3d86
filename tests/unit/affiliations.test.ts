import { describe, expect, it } from 'vitest';
import {
  countryOfText,
  institutionMatchKey,
  parseAffiliation,
  parseAffiliationDetail,
} from '../../shared/formats/affiliations';
import { AFFILIATION_SAMPLE } from './affiliations-sample';

/** Countries whose regions the answer key gives wherever the text names one. */
const REGION_KEYED = new Set(['US', 'CA', 'AU', 'CN']);

describe('affiliation sample (hand-checked answer key)', () => {
  it('reads the country of at least 97% of the sample', () => {
    expect(AFFILIATION_SAMPLE.length).toBeGreaterThanOrEqual(150);
    const wrong: string[] = [];
    for (const s of AFFILIATION_SAMPLE) {
      const got = parseAffiliation(s.text)?.country ?? null;
      if (got !== s.country) wrong.push(`${s.source}: got ${got}, want ${s.country}: ${s.text}`);
    }
    const accuracy = 1 - wrong.length / AFFILIATION_SAMPLE.length;
    console.log(
      `affiliation country accuracy ${(accuracy * 100).toFixed(1)}% ` +
        `(${AFFILIATION_SAMPLE.length - wrong.length}/${AFFILIATION_SAMPLE.length})` +
        (wrong.length ? `\n  ${wrong.join('\n  ')}` : ''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('reads the region (US state, Canadian province, Australian state, Chinese province)', () => {
    const keyed = AFFILIATION_SAMPLE.filter((s) => REGION_KEYED.has(s.country ?? ''));
    const wrong = keyed.filter((s) => parseAffiliation(s.text)?.region !== s.region);
    const accuracy = 1 - wrong.length / keyed.length;
    console.log(
      `affiliation region accuracy ${(accuracy * 100).toFixed(1)}% (${keyed.length - wrong.length}/${keyed.length})` +
        (wrong.length ? `\n  ${wrong.map((s) => `want ${s.region}: ${s.text}`).join('\n  ')}` : ''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('parseAffiliation', () => {
  const country = (t: string): string | undefined => parseAffiliation(t)?.country;

  it('reads the US from a state alone, by code or name, with or without a ZIP code', () => {
    expect(parseAffiliation('Dept of Medicine, Brigham Hospital, Boston, MA 02115')).toEqual({
      name: 'Brigham Hospital',
      city: 'Boston',
      region: 'MA',
      country: 'US',
    });
    expect(parseAffiliation('Dana Farber Canc Inst, Boston, MA 02215 USA')).toMatchObject({
      name: 'Dana Farber Canc Inst',
      city: 'Boston',
      region: 'MA',
      country: 'US',
    });
    expect(parseAffiliation('Univ Chicago, Chicago, IL USA')?.region).toBe('IL');
    expect(parseAffiliation('College of Medicine, Ohio State University, Columbus, Ohio.')).toMatchObject({
      city: 'Columbus',
      region: 'OH',
      country: 'US',
    });
    expect(country('Emory University, Atlanta, Georgia, USA')).toBe('US');
    expect(parseAffiliation('Emory University, Atlanta, Georgia, USA')?.region).toBe('GA');
    expect(country('Tbilisi State Medical University, Tbilisi, Georgia')).toBe('GE');
    expect(parseAffiliation('Dartmouth Hitchcock Medical Center, Lebanon, NH, USA')).toMatchObject({
      city: 'Lebanon',
      region: 'NH',
      country: 'US',
    });
    expect(parseAffiliation('Univ Toronto, Toronto, ON M5G 2C4, Canada')).toMatchObject({
      city: 'Toronto',
      region: 'ON',
      country: 'CA',
    });
  });

  it('reads the spellings of countries that exports use', () => {
    expect(country('Univ Edinburgh, Edinburgh, Scotland')).toBe('GB');
    expect(parseAffiliation('Univ Edinburgh, Edinburgh, Scotland')?.region).toBe('SCT');
    expect(parseAffiliation("King's College London, London, England.")?.region).toBe('ENG');
    expect(country('Imperial College London, London, UK')).toBe('GB');
    expect(country('Peking Univ, Beijing 100871, Peoples R China')).toBe('CN');
    expect(country('Fudan University, Shanghai, P.R. China')).toBe('CN');
    expect(country("Sun Yat-sen University, Guangzhou, People's Republic of China")).toBe('CN');
    expect(parseAffiliation('Fudan University, Shanghai, China')?.region).toBe('SH');
    expect(country('Seoul National University, Seoul, Republic of Korea')).toBe('KR');
    expect(country('Yonsei Univ, Seoul, South Korea')).toBe('KR');
    expect(country('Yonsei University, Seoul, Korea')).toBe('KR');
    expect(country('National Taiwan University, Taipei, Taiwan, ROC')).toBe('TW');
    expect(country('Chang Gung Memorial Hospital, Taoyuan, Taiwan, Republic of China')).toBe('TW');
    expect(country('The University of Hong Kong, Pokfulam, Hong Kong SAR, China')).toBe('HK');
    expect(country('Chinese Univ Hong Kong, Shatin, Hong Kong, Peoples R China')).toBe('HK');
    expect(country('Hacettepe Univ, Ankara, Turkey')).toBe('TR');
    expect(country('Hacettepe University, Ankara, Türkiye')).toBe('TR');
    expect(country('Hacettepe Univ, Ankara, Turkiye')).toBe('TR');
    expect(country('King Abdulaziz University, Jeddah 21589, Kingdom of Saudi Arabia')).toBe('SA');
    expect(country('UAE Univ, Al Ain, U Arab Emirates')).toBe('AE');
    expect(country('Karolinska Inst, S-17177 Stockholm, Sweden')).toBe('SE');
    expect(country('Leiden University Medical Center, Leiden, The Netherlands')).toBe('NL');
    expect(country('Department of Pathology.')).toBeUndefined();
    // The country after a place in the last part, and names in the authors' own language.
    expect(parseAffiliation('Cleveland Clinic, Cleveland, Ohio USA')?.region).toBe('OH');
    expect(country('Osaka University, Suita City, Osaka 565-0871 Japan')).toBe('JP');
    expect(country('Jamia Millia Islamia, Jamia Nagar, New Delhi India')).toBe('IN');
    expect(country('Charles Perkin Centre, University of Sydney, Australia (A.H.).')).toBe('AU');
    expect(country('Klinikum der LMU, Marchioninistr. 15, 81377, München, Deutschland')).toBe('DE');
    expect(country('Universidad de Granada, Granada, España')).toBe('ES');
    expect(country('Univ Nacl Autonoma Mexico, Inst Biotecnol, Cuernavaca 62210, Morelos, Mexico')).toBe(
      'MX',
    );
  });

  it('strips e-mails, numbering and trailing periods', () => {
    const a = parseAffiliationDetail(
      'Department of Medicine, Yale University, New Haven, CT, USA. jane.doe@yale.edu.',
    );
    expect(a).toMatchObject({
      institution: 'Yale University',
      department: 'Department of Medicine',
      city: 'New Haven',
      region: 'CT',
      country: 'US',
    });
    expect(
      parseAffiliation('Mayo Clinic, Rochester, MN, USA. Electronic address: smith.j@mayo.edu.'),
    ).toMatchObject({ name: 'Mayo Clinic', city: 'Rochester', region: 'MN', country: 'US' });
    expect(
      parseAffiliation(
        '1] College of Pharmacy, Ohio State Univ, Columbus, Ohio, USA [2] Univ X, Paris, France',
      ),
    ).toMatchObject({ name: 'Ohio State Univ', country: 'US' });
    expect(parseAffiliation('jane.doe@yale.edu')).toBeUndefined();
  });

  it('takes the first of several affiliations, and the next one`s country when the first has none', () => {
    // Scopus joins an author's affiliations with commas.
    expect(
      parseAffiliation(
        'Department of Dermatology, Hopital Saint-Louis, Paris, France, Department of Dermatology, Charité, Berlin, Germany',
      ),
    ).toMatchObject({ name: 'Hopital Saint-Louis', city: 'Paris', country: 'FR' });
    expect(
      country('Dept of Surgery, Univ Oslo, Oslo, Norway; Karolinska Institutet, Stockholm, Sweden'),
    ).toBe('NO');
    expect(
      parseAffiliation(
        'Department of Pathology; and Department of Medicine, Stanford University, Stanford, CA, USA',
      ),
    ).toMatchObject({ name: 'Stanford University', city: 'Stanford', country: 'US', region: 'CA' });
  });

  it('reads a name shared by a country and a US state from the rest of the affiliation', () => {
    const place = (t: string, countryWritten = false): string => {
      const a = parseAffiliation(t, { countryWritten });
      return [a?.city, a?.region, a?.country].map((x) => x ?? '-').join('|');
    };
    // MEDLINE often leaves the country out: "City, State" is the state, with or without a ZIP code.
    expect(place('Dept of Neurology, Peachtree University, Atlanta, Georgia.')).toBe('Atlanta|GA|US');
    expect(place('Peachtree Cancer Institute, Savannah, Georgia 31405')).toBe('Savannah|GA|US');
    expect(place('Riverbend University Hospital, Augusta, Georgia, USA')).toBe('Augusta|GA|US');
    expect(place('Riverbend Clinic, Macon, Georgia, United States')).toBe('Macon|GA|US');
    // The country when the city before it is one of its regions, or the export always writes one.
    expect(place('Dept of Surgery, Kartli State Medical University, Tbilisi, Georgia')).toBe('Tbilisi|-|GE');
    expect(place('Faculty of Medicine, Rioni University, Kutaisi, Georgia', true)).toBe('Kutaisi|-|GE');
    expect(
      place(
        'Rioni University, Kutaisi, Georgia, Dept of Medicine, Harbor University, Boston, United States',
        true,
      ),
    ).toBe('Kutaisi|-|GE');
    expect(place('Harbor Univ, Atlanta, GA 30322 USA', true)).toBe('Atlanta|GA|US');
    // A state's full name is not "<place> <country>" (Mexico, Jersey).
    expect(place('Mesa University Hospital, Albuquerque, New Mexico.')).toBe('Albuquerque|NM|US');
    expect(place('Dept of Medicine, Garden State Medical School, Newark, New Jersey.')).toBe('Newark|NJ|US');
    expect(place('Hospital Central, Monterrey, Nuevo Leon, Mexico')).toBe('Monterrey|NLE|MX');
    // Cities named after countries or foreign cities, with a state code.
    expect(place('Dept of Surgery, Upper Valley Medical Center, Lebanon, NH.')).toBe('Lebanon|NH|US');
    expect(place('Lamar County College, Paris, TX 75460.')).toBe('Paris|TX|US');
    expect(place('Dept of Physics, Charles River University, Cambridge, MA 02139')).toBe('Cambridge|MA|US');
    expect(place('Cedar Medical Center, Beirut, Lebanon')).toBe('Beirut|-|LB');
  });

  it('takes the organisation, not the department, and finds its place past a cut-off department', () => {
    expect(
      parseAffiliationDetail(
        'Division of Hematology, Department of Internal Medicine, Lakeside State University, Columbus, OH.',
      ),
    ).toMatchObject({
      institution: 'Lakeside State University',
      department: 'Division of Hematology',
      city: 'Columbus',
      region: 'OH',
      country: 'US',
    });
    // PubMed cuts "Division of X, College of Y, and Department of Z, Univ W, ..." into two ADs.
    expect(
      parseAffiliationDetail(
        'Division of Pharmaceutics, College of Pharmacy, and.; Department of Veterinary Biosciences, Lakeside State University, Columbus, OH.',
      ),
    ).toMatchObject({
      institution: 'Lakeside State University',
      department: 'Division of Pharmaceutics',
      city: 'Columbus',
      region: 'OH',
      country: 'US',
    });
    expect(
      parseAffiliation('Division of Hematology; Lakeside Comprehensive Cancer Center, Columbus, Ohio.'),
    ).toEqual({
      name: 'Lakeside Comprehensive Cancer Center',
      city: 'Columbus',
      region: 'OH',
      country: 'US',
    });
    // A department alone names no institution to file the person under.
    expect(parseAffiliation('Division of Hematology, Department of Internal Medicine.')).toBeUndefined();
    expect(parseAffiliation('Division of Neuro-oncology.')).toBeUndefined();
    // A department with a place is kept: it is all the text says, and it can be placed.
    expect(parseAffiliation('Department of Dermatology, Cairo, Egypt')).toEqual({
      name: 'Department of Dermatology',
      city: 'Cairo',
      country: 'EG',
    });
  });

  it('splits institution and department, keeping company forms with their name', () => {
    expect(
      parseAffiliationDetail('Zhejiang Univ, Sch Med, Dept Clin Pharm, Hangzhou 310003, Peoples R China.'),
    ).toMatchObject({ institution: 'Zhejiang Univ', department: 'Sch Med', city: 'Hangzhou', country: 'CN' });
    expect(
      parseAffiliationDetail(
        'Southern Med Univ, Nanfang Hosp, Guangzhou 510515, Guangdong, Peoples R China.',
      ),
    ).toMatchObject({ institution: 'Southern Med Univ', city: 'Guangzhou', region: 'GD', country: 'CN' });
    expect(parseAffiliation('H3 Biomedicine, Inc., Cambridge, MA')).toMatchObject({
      name: 'H3 Biomedicine, Inc',
      city: 'Cambridge',
      region: 'MA',
      country: 'US',
    });
    expect(parseAffiliation('Research Site, Boston, Massachusetts, 02115, United States')).toEqual({
      name: 'Research Site',
      city: 'Boston',
      region: 'MA',
      country: 'US',
    });
  });
});

describe('institutionMatchKey', () => {
  it('gives full and WoS-abbreviated spellings of one institution the same key', () => {
    const same = (a: string, b: string): void => expect(institutionMatchKey(a)).toBe(institutionMatchKey(b));
    same('Dana-Farber Cancer Institute', 'Dana Farber Canc Inst');
    same('Memorial Sloan Kettering Cancer Center', 'Mem Sloan Kettering Canc Ctr');
    same('The University of Texas M.D. Anderson Cancer Center', 'Univ Texas MD Anderson Canc Ctr');
    same('Massachusetts General Hospital', 'Mass Gen Hosp');
    same('Iran University of Medical Sciences', 'Iran Univ Med Sci');
    same('University of California, San Francisco', 'Univ Calif San Francisco');
    same('Hôpital Saint-Louis', 'Hop St Louis'.replace('Hop', 'Hopital'));
    same("Children's Hospital of Philadelphia", 'Childrens Hosp Philadelphia');
    expect(institutionMatchKey('Dana-Farber Cancer Institute')).toBe('dana farber canc inst');
    expect(institutionMatchKey('Harvard Medical School')).not.toBe(institutionMatchKey('Harvard University'));
  });
});

describe('countryOfText', () => {
  it('reads names, ISO codes and WoS US lines', () => {
    expect(countryOfText('Peoples R China')).toBe('CN');
    expect(countryOfText('CA 92350 USA')).toBe('US');
    expect(countryOfText('Germany')).toBe('DE');
    expect(countryOfText('DE')).toBe('DE');
    expect(countryOfText('deu')).toBe('DE');
    expect(countryOfText('England')).toBe('GB');
    expect(countryOfText('Ohio')).toBe('US');
    expect(countryOfText('Atlantis')).toBeUndefined();
  });
});
