// The import wizard's first column mapping for a generic CSV (renderer/src/state/wizard.ts guessMap):
// common column names of spreadsheets and exports map to kolmap's fields, each field once. And the
// largest file it takes (tooLargeForWizard: the desktop app's; browser mode's takes any).
import { describe, expect, it } from 'vitest';
import { guessMap, tooLargeForWizard, WIZARD_MAX_BYTES } from '../../renderer/src/state/wizard';

describe('guessMap', () => {
  it('maps the usual names of title, authors, year and ids', () => {
    expect(
      guessMap(['\uFEFFArticle Title', 'Authors', 'Pub Year', 'DOI', 'PubMed ID', 'Times Cited', 'Notes']),
    ).toEqual({
      '\uFEFFArticle Title': 'title',
      Authors: 'authors',
      'Pub Year': 'year',
      DOI: 'doi',
      'PubMed ID': 'pmid',
      'Times Cited': 'citations',
    });
  });

  it('reads year columns under their other names', () => {
    for (const name of [
      'Year',
      'Publication Year',
      'Published Year',
      'Year Published',
      'PubYear',
      'pub_year',
      'PY',
    ])
      expect(guessMap([name]), name).toEqual({ [name]: 'year' });
    expect(guessMap(['Yearly budget'])).toEqual({});
  });

  it('uses each field once: the first matching column wins', () => {
    expect(guessMap(['Year', 'Publication Year'])).toEqual({ Year: 'year' });
  });
});

describe('files too large for the wizard', () => {
  it('takes files up to WIZARD_MAX_BYTES in the desktop app, and names what takes a larger one', () => {
    expect(tooLargeForWizard('a.csv', WIZARD_MAX_BYTES, true)).toBeNull();
    expect(tooLargeForWizard('a.csv', 12, true)).toBeNull();
    expect(tooLargeForWizard('medline.txt', 1024 * 1024 * 1024, true)).toBe(
      'medline.txt is 1,024 MB: the wizard takes files up to 400 MB, as it passes each in memory. ' +
        'Import it with File › Import from Disk… (it reads the file from disk), or on the command line with kolmap import.',
    );
  });

  it('takes files of any size in browser mode (the server writes them to disk as they arrive)', () => {
    expect(tooLargeForWizard('medline.txt', WIZARD_MAX_BYTES + 1, false)).toBeNull();
    expect(tooLargeForWizard('medline.txt', 8 * 1024 * 1024 * 1024, false)).toBeNull();
  });
});
