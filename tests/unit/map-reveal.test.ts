// The map's first frame of people is shown once the GPU has drawn it (renderer/src/graph/motion.ts,
// Reveal): the canvases are held hidden from hold() through the frame, a fence per WebGL 2 context is
// polled between tasks, and release runs when every fence is signalled, after REVEAL_MAX_MS at the
// latest, or at once without WebGL 2 (no fences: shown after the frame, as before).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REVEAL_MAX_MS, Reveal } from '../../renderer/src/graph/motion';

const SIGNALED = 0x9119;
const UNSIGNALED = 0x9118;

/** A stand-in for WebGL2RenderingContext's fence calls; `signal()` marks its fences as done. */
class FakeGL2 {
  readonly SYNC_GPU_COMMANDS_COMPLETE = 0x9117;
  readonly SYNC_STATUS = 0x9114;
  readonly SIGNALED = SIGNALED;
  fences: { status: number; deleted: boolean }[] = [];
  flushes = 0;
  fenceSync() {
    const f = { status: UNSIGNALED, deleted: false };
    this.fences.push(f);
    return f;
  }
  flush() {
    this.flushes++;
  }
  getSyncParameter(sync: { status: number }) {
    return sync.status;
  }
  deleteSync(sync: { deleted: boolean }) {
    sync.deleted = true;
  }
  signal() {
    for (const f of this.fences) f.status = SIGNALED;
  }
}

describe('Reveal: a first frame shown once the GPU has drawn it', () => {
  const global = globalThis as { WebGL2RenderingContext?: unknown };
  let before: unknown;
  beforeEach(() => {
    vi.useFakeTimers();
    before = global.WebGL2RenderingContext;
    global.WebGL2RenderingContext = FakeGL2;
  });
  afterEach(() => {
    vi.useRealTimers();
    global.WebGL2RenderingContext = before;
  });

  const make = (n: number) => {
    const gls = Array.from({ length: n }, () => new FakeGL2());
    const release = vi.fn();
    const reveal = new Reveal(gls as unknown as WebGLRenderingContext[], release);
    return { gls, release, reveal };
  };

  it('holds from hold() until every context has drawn the frame, then releases once', () => {
    const { gls, release, reveal } = make(2);
    reveal.drawn();
    expect(gls[0]!.fences).toHaveLength(0);
    reveal.hold();
    expect(reveal.holding).toBe(true);
    reveal.drawn();
    // One fence per context, flushed so the GPU side starts on the frame.
    expect(gls.map((g) => [g.fences.length, g.flushes])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // Frames drawn while held add no fences.
    reveal.drawn();
    expect(gls[0]!.fences).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(release).not.toHaveBeenCalled();
    gls[0]!.signal();
    vi.advanceTimersByTime(100);
    expect(release).not.toHaveBeenCalled();
    expect(reveal.holding).toBe(true);
    gls[1]!.signal();
    vi.advanceTimersByTime(20);
    expect(release).toHaveBeenCalledTimes(1);
    expect(reveal.holding).toBe(false);
    expect(gls.flatMap((g) => g.fences.map((f) => f.deleted))).toEqual([true, true]);
    vi.advanceTimersByTime(1000);
    expect(release).toHaveBeenCalledTimes(1);
    // A second hold fences its own first frame.
    reveal.hold();
    reveal.drawn();
    expect(gls[0]!.fences).toHaveLength(2);
  });

  it('releases after REVEAL_MAX_MS when a fence never signals', () => {
    const { release, reveal } = make(1);
    reveal.hold();
    reveal.drawn();
    vi.advanceTimersByTime(REVEAL_MAX_MS - 50);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(release).toHaveBeenCalledTimes(1);
    expect(reveal.holding).toBe(false);
  });

  it('releases right after the frame without WebGL 2 contexts (no fences)', () => {
    const release = vi.fn();
    const webgl1 = { flush: vi.fn() } as unknown as WebGLRenderingContext;
    const reveal = new Reveal([webgl1], release);
    reveal.hold();
    expect(release).not.toHaveBeenCalled();
    reveal.drawn();
    expect(release).toHaveBeenCalledTimes(1);
    expect(reveal.holding).toBe(false);
  });

  it('cancel stops the wait and deletes the fences without releasing', () => {
    const { gls, release, reveal } = make(1);
    reveal.hold();
    reveal.drawn();
    reveal.cancel();
    gls[0]!.signal();
    vi.advanceTimersByTime(REVEAL_MAX_MS * 2);
    expect(release).not.toHaveBeenCalled();
    expect(gls[0]!.fences[0]!.deleted).toBe(true);
  });
});
