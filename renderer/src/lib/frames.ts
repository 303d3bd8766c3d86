// Scheduling around the browser's frames (issue 5: no UI-thread task over 100 ms).

/**
 * Runs fn in a task of its own after the next frame: the frame lays out and paints what React just
 * committed, and fn's work starts after it instead of inside the same long task. Returns a cancel.
 */
export function afterNextFrame(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
  };
}
