// The import wizard's first column mapping for a generic CSV (renderer/src/state/wizard.ts guessMap):
// common column names of spreadsheets and exports map to kolmap's fields, each field once.
import { describe, expect, it } from 'vitest';
import { guessMap } from '../../renderer/src/state/wizard';

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
