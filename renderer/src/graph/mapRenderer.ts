// The map's sigma, with one addition: a new graph handed over in three tasks instead of one (issue 5:
// no UI-thread task over 100 ms while an analysis runs). Sigma's setGraph indexes every person and link
// (their reducers), processes them all (normalisation, the label grid, the programs' buffers) and draws,
// in the task that calls it: about 90 ms of the UI thread's CPU for a cached head of 5,000 people on
// the benchmark's machine, and twice that for 20,000 people. Here:
// 1. now: the graph's settings, then setGraph indexes the graph, and its draw is held back;
// 2. in the next task: sigma's processing (the part of its render that a new graph needs once);
// 3. in the next frame: the draw, then `onDrawn` (the graph is on screen and lookups find it).
// Between them the previous picture stays on screen, and lookups (hover, click) find nobody: the
// previous graph's picking ids are forgotten at once, so no event names a person the new graph lacks.
// Anything that draws meanwhile (a resize, a hover's refresh) processes the new graph itself, as sigma
// does; the steps then only skip what is done. Uses sigma 3 internals, named below.
import Sigma from 'sigma';
import type { EdgeAttrs, MapGraph, NodeAttrs } from './build';

/** Sigma 3's private state used here (Sigma.render and Sigma.process). */
interface SigmaInternals {
  /** Set by a full refresh; render() processes first when it is set. */
  needToProcess: boolean;
  /** The frame a scheduled render waits for. */
  renderFrame: number | null;
  /** Picking colour index → node or link, rebuilt by process(). */
  itemIDsIndex: Record<number, unknown>;
  process(): void;
}

type RefreshOptions = Parameters<Sigma<NodeAttrs, EdgeAttrs>['refresh']>[0];
type MapSettings = Parameters<Sigma<NodeAttrs, EdgeAttrs>['setSettings']>[0];

export class MapRenderer extends Sigma<NodeAttrs, EdgeAttrs> {
  /** While set, refresh() schedules its draw instead of drawing now (setGraph's own refresh). */
  private drawLater = false;
  /** While set, refresh() does nothing (setSettings' own, just before setGraph refreshes anyway). */
  private noRefresh = false;

  override refresh(opts?: RefreshOptions): this {
    if (this.noRefresh) return this;
    return super.refresh(this.drawLater ? { ...opts, schedule: true } : opts);
  }

  /**
   * Gives sigma `graph` in three tasks (see above), with `settings` applied first; `onDrawn` runs after
   * its first frame. Returns a cancel: the steps not yet run are dropped, and the next draw, whoever
   * asks for it, processes.
   */
  setGraphInSteps(graph: MapGraph, settings: MapSettings, onDrawn: () => void): () => void {
    const self = this as unknown as SigmaInternals;
    // setSettings refreshes (re-indexes) the graph sigma holds, which is about to be replaced: the
    // new graph is indexed with the new settings just below.
    this.noRefresh = true;
    try {
      this.setSettings(settings);
    } finally {
      this.noRefresh = false;
    }
    this.drawLater = true;
    try {
      // (The same graph again: setGraph would do nothing, and the settings still need a refresh.)
      if (this.getGraph() === graph) this.refresh();
      else this.setGraph(graph);
    } finally {
      this.drawLater = false;
    }
    if (self.renderFrame !== null) {
      cancelAnimationFrame(self.renderFrame);
      self.renderFrame = null;
    }
    self.itemIDsIndex = {};
    let cancelled = false;
    const drawn = () => {
      this.off('afterRender', drawn);
      if (!cancelled && this.getGraph() === graph) onDrawn();
    };
    const timer = setTimeout(() => {
      if (cancelled || this.getGraph() !== graph) return;
      if (self.needToProcess) {
        // As render() does before it processes: the label grid is sized to the container.
        this.resize();
        self.process();
        self.needToProcess = false;
      }
      this.on('afterRender', drawn);
      this.scheduleRender();
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      this.off('afterRender', drawn);
    };
  }
}
