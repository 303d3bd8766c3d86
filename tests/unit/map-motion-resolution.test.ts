// The nodes canvas's resolution while the camera moves, by the number of people drawn (graph/motion.ts).
import { describe, expect, it } from 'vitest';
import {
  MIN_MOVING_RESOLUTION,
  MOVING_FULL_UP_TO,
  MOVING_RESOLUTION,
  movingResolution,
} from '../../renderer/src/graph/motion';

const LARGE = 5000;

describe('movingResolution', () => {
  it('keeps a small map at full resolution', () => {
    expect(movingResolution(0, LARGE)).toBe(1);
    expect(movingResolution(LARGE, LARGE)).toBe(1);
  });

  it('halves a large map up to MOVING_FULL_UP_TO people', () => {
    expect(movingResolution(LARGE + 1, LARGE)).toBe(MOVING_RESOLUTION);
    expect(movingResolution(MOVING_FULL_UP_TO, LARGE)).toBe(MOVING_RESOLUTION);
  });

  it('keeps the pixels per frame about constant above, down to the floor', () => {
    const at = (n: number) => movingResolution(n, LARGE);
    // A canvas's pixels scale with the square of its resolution: twice the people on half the
    // pixels, so the discs cover about as many pixels as at MOVING_FULL_UP_TO.
    expect(at(2 * MOVING_FULL_UP_TO) ** 2 * 2).toBeCloseTo(MOVING_RESOLUTION ** 2, 12);
    expect(at(20_000)).toBeCloseTo(0.3536, 4);
    expect(at(15_000)).toBeLessThan(MOVING_RESOLUTION);
    expect(at(15_000)).toBeGreaterThan(at(20_000));
    expect(at(50_000)).toBe(MIN_MOVING_RESOLUTION);
    expect(at(5_000_000)).toBe(MIN_MOVING_RESOLUTION);
  });
});
