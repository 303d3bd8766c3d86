// Locates the real third-party exports in ../shared/data/real (never copied into the repo).
// Tests that need them call `describeReal`, which skips with a visible message when the folder is absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';

export const REAL_DIR = path.resolve(__dirname, '../../../shared/data/real');
export const hasRealData = existsSync(REAL_DIR);

export function realFile(rel: string): string {
  return path.join(REAL_DIR, rel);
}

export const describeReal: typeof describe = ((name: string, fn: () => void) => {
  if (hasRealData) return describe(name, fn);
  return describe.skip(`${name} (skipped: ${REAL_DIR} not found; real exports live beside the repo)`, fn);
}) as typeof describe;
