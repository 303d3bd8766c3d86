// fmtFixed, the renderer's fixed-decimals number format (status bar, overview, breakdown): a value that
// rounds to zero reads "0.00", not "-0.00" (the modularity of a scope with one community is -1e-17,
// and the status bar read "modularity -0.00").
import { describe, expect, it } from 'vitest';
import { fmtFixed, yearsText } from '../../renderer/src/lib/format';

describe('fmtFixed', () => {
  it('drops the minus sign of a negative value that rounds to zero', () => {
    expect(fmtFixed(-1.3877787807814457e-17, 2)).toBe('0.00');
    expect(fmtFixed(-0.004, 2)).toBe('0.00');
    expect(fmtFixed(-0, 1)).toBe('0.0');
  });

  it('keeps the sign of negative values that do not round to zero', () => {
    expect(fmtFixed(-0.06, 1)).toBe('-0.1');
    expect(fmtFixed(-12.5, 2)).toBe('-12.50');
    expect(fmtFixed(0.87, 2)).toBe('0.87');
  });

  it('writes a dash for missing and non-finite values', () => {
    expect(fmtFixed(null)).toBe('–');
    expect(fmtFixed(undefined)).toBe('–');
    expect(fmtFixed(Number.NaN)).toBe('–');
  });
});

describe('yearsText', () => {
  it('says a scope of years as a person says it', () => {
    expect(yearsText(2015, 2022)).toBe('2015–2022');
    expect(yearsText(2020, 2020)).toBe('2020');
    expect(yearsText(2015, null)).toBe('since 2015');
    expect(yearsText(null, 2022)).toBe('until 2022');
    expect(yearsText(undefined, undefined)).toBeNull();
  });
});
