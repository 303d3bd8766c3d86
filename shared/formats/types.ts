// The neutral record every import adapter produces and the one writer (electron/db/writer.ts) stores.
// Adapters turn rows of a concrete format (PubMed CSV, Scopus, WoS, MEDLINE...) into ImportRecords;
// everything after that is format-agnostic. Pure types: no node:*, no DOM.

/** An institution as a source names it; `country` is an ISO 3166-1 alpha-2 code when known. */
export interface ImportInstitution {
  name: string;
  city?: string;
  /** ISO 3166-2 subdivision code without the country prefix when known (e.g. "MA", "ENG", "13"). */
  region?: string;
  country?: string;
}

/** One person in a byline. Collective names (consortia, study groups) are never ImportAuthors. */
export interface ImportAuthor {
  /** The name exactly as the source wrote it (shown as a name variant). */
  raw: string;
  family: string;
  /** Given names when the source has them, otherwise the initials (PubMed CSV "Mandl KD" → "KD"). */
  given: string;
  /** Upper-case initials without dots or spaces ("KD"); empty for single-name authors. */
  initials: string;
  /** Raw affiliation text for this author on this paper. */
  affiliation?: string;
  institution?: ImportInstitution;
  orcid?: string;
  scopusId?: string;
}

export interface ImportRecord {
  /** Physical 1-based line in the source file where the record starts (the header is line 1). */
  line: number;
  /** Digits only, no leading zeros. */
  pmid?: string;
  /** Lower-case, without "https://doi.org/" or "doi:" prefixes. */
  doi?: string;
  /** Scopus EID, e.g. "2-s2.0-85012345678". */
  eid?: string;
  /** Web of Science UT without the "WOS:" prefix. */
  wosUt?: string;
  title: string;
  journal?: string;
  year?: number;
  citations?: number;
  keywords: string[];
  mesh: string[];
  /** ISO date (yyyy-mm-dd) the record was created in its database, when the source says. */
  createDate?: string;
  /** People in byline order. May be empty: the publication is still imported. */
  authors: ImportAuthor[];
  /** Group authors named in the byline ("eMERGE Consortium"); kept on the publication, not as people. */
  collectives?: string[];
}

/** A person named by a trial registry, payment or affiliation list (not a byline). */
export interface ImportPerson {
  raw: string;
  family: string;
  given: string;
  initials: string;
  orcid?: string;
  npi?: string;
}

/** A trial role: investigators are people; sponsors, collaborators and sites are organisations. */
export interface ImportTrialRole {
  /** 'principal investigator' covers overall officials (PI, study chair, study director). */
  role: 'principal investigator' | 'investigator' | 'sponsor' | 'collaborator' | 'site';
  name: string;
  person?: ImportPerson;
  affiliation?: string;
}

/** One registered trial (ClinicalTrials.gov). */
export interface ImportTrial {
  line: number;
  nctId: string;
  title: string;
  status?: string;
  phase?: string;
  startDate?: string;
  completionDate?: string;
  conditions: string[];
  interventions: string[];
  locations: string[];
  roles: ImportTrialRole[];
}

/** One payment row (CMS Open Payments). */
export interface ImportPayment {
  line: number;
  /** CMS Record_ID: the same payment in two files is stored once. */
  recordId?: string;
  recipientType?: string;
  /** The physician paid, or else the first principal investigator. */
  person?: ImportPerson;
  /** CMS physician profile id of that person. */
  profileId?: string;
  entity?: string;
  city?: string;
  region?: string;
  country?: string;
  specialty?: string;
  payer?: string;
  amount: number;
  date?: string;
  programYear?: number;
  nature?: string;
  study?: string;
  nctId?: string;
  /** All principal investigators named on the row, in order. */
  investigators: ImportPerson[];
}

/** One row of an analyst's affiliation list: a person at an institution over some years. */
export interface ImportAffiliation {
  line: number;
  person: ImportPerson;
  institution: ImportInstitution;
  department?: string;
  firstYear?: number;
  lastYear?: number;
}
