// Runs the map's layout off the UI thread (DESIGN §8.6): ForceAtlas2 in graphology's worker
// supervisor until the nodes settle or a time budget runs out, then noverlap (also in a worker) so
// discs do not hide each other. The controller is killed with the map view.
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import { inferSettings } from 'graphology-layout-forceatlas2';
import NoverlapLayout from 'graphology-layout-noverlap/worker';
import type { MapGraph, MapSigma } from './build';

export type LayoutState = 'running' | 'idle';

export interface LayoutOptions {
  /** Stop ForceAtlas2 after this long even if nodes still move. */
  maxMs?: number;
  onState?: (state: LayoutState) => void;
  /** The layout settled on its own (ForceAtlas2 then noverlap), not stopped or killed. */
  onSettled?: () => void;
}

/** Mean movement per sample below this fraction of the graph's extent counts as settled. */
const SETTLED = 0.0015;
const SAMPLE_MS = 400;
const NOVERLAP_MAX_MS = 1500;

export class LayoutController {
  /** The ForceAtlas2 worker, made by the first start(): a map with a stored layout never needs one. */
  private fa2: FA2Layout | null = null;
  private noverlap: NoverlapLayout | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private noverlapDeadline: ReturnType<typeof setTimeout> | null = null;
  private last: Float64Array | null = null;
  private calmSamples = 0;
  private state: LayoutState = 'idle';
  private killed = false;

  constructor(
    private readonly graph: MapGraph,
    private readonly sigma: MapSigma,
    private readonly options: LayoutOptions = {},
  ) {}

  /** The ForceAtlas2 worker, spawned on first use; null when there is nothing to lay out (0 or 1 person). */
  private layout(): FA2Layout | null {
    const order = this.graph.order;
    if (this.fa2 || this.killed || order <= 1) return this.fa2;
    this.fa2 = new FA2Layout(this.graph, {
      settings: {
        ...inferSettings(this.graph),
        barnesHutOptimize: order > 2000,
        // LinLog separates communities into readable clusters; weights are fractional co-authorships.
        linLogMode: true,
        adjustSizes: false,
        edgeWeightInfluence: 1,
      },
      getEdgeWeight: 'weight',
    });
    return this.fa2;
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  /** Starts (or resumes) ForceAtlas2 from the current positions. */
  start(maxMs = this.options.maxMs ?? 5000): void {
    if (this.killed) return;
    const fa2 = this.layout();
    if (!fa2) {
      // Nothing to lay out (0 or 1 person): report idle so waiting code moves on.
      this.options.onState?.('idle');
      return;
    }
    this.stopNoverlap();
    this.clearTimers();
    this.last = null;
    this.calmSamples = 0;
    fa2.start();
    this.setState('running');
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.deadline = setTimeout(() => this.settle(), maxMs);
  }

  /** Stops all layout work (the user pressed stop): no noverlap pass. */
  stop(): void {
    this.clearTimers();
    this.fa2?.stop();
    this.stopNoverlap();
    this.setState('idle');
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.clearTimers();
    this.fa2?.kill();
    this.fa2 = null;
    this.noverlap?.kill();
    this.noverlap = null;
    this.setState('idle');
  }

  private setState(state: LayoutState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState?.(state);
  }

  private clearTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.deadline) clearTimeout(this.deadline);
    this.timer = null;
    this.deadline = null;
  }

  /** Measures how far nodes moved since the last sample, relative to the layout's extent. */
  private sample(): void {
    const n = this.graph.order;
    const now = new Float64Array(n * 2);
    let i = 0;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    this.graph.forEachNode((_key, a) => {
      now[i++] = a.x;
      now[i++] = a.y;
      if (a.x < minX) minX = a.x;
      if (a.x > maxX) maxX = a.x;
      if (a.y < minY) minY = a.y;
      if (a.y > maxY) maxY = a.y;
    });
    const previous = this.last;
    this.last = now;
    if (!previous || previous.length !== now.length) return;
    const extent = Math.max(maxX - minX, maxY - minY, 1e-9);
    let moved = 0;
    for (let k = 0; k < now.length; k += 2) {
      moved += Math.hypot((now[k] ?? 0) - (previous[k] ?? 0), (now[k + 1] ?? 0) - (previous[k + 1] ?? 0));
    }
    const mean = moved / n / extent;
    this.calmSamples = mean < SETTLED ? this.calmSamples + 1 : 0;
    if (this.calmSamples >= 2) this.settle();
  }

  /** ForceAtlas2 is done: spread overlapping discs apart in screen space, then go idle. */
  private settle(): void {
    this.clearTimers();
    this.fa2?.stop();
    if (this.killed) return;
    const sigma = this.sigma;
    this.noverlap?.kill();
    // Noverlap works in viewport pixels, where node sizes are defined, and maps the result back.
    this.noverlap = new NoverlapLayout(this.graph, {
      inputReducer: (key, attr) => {
        const pos = sigma.graphToViewport(attr);
        const display = sigma.getNodeDisplayData(key);
        return { x: pos.x, y: pos.y, size: display?.size ?? attr.size ?? 1 };
      },
      outputReducer: (_key, attr) => {
        const pos = sigma.viewportToGraph(attr);
        return { x: pos.x, y: pos.y };
      },
      settings: { margin: 1.5, ratio: 1.05, speed: 3 },
      onConverged: () => this.finishNoverlap(),
    });
    this.noverlap.start();
    this.noverlapDeadline = setTimeout(() => this.finishNoverlap(), NOVERLAP_MAX_MS);
  }

  private finishNoverlap(): void {
    const settling = this.noverlap !== null;
    this.stopNoverlap();
    this.setState('idle');
    if (settling && !this.killed) this.options.onSettled?.();
  }

  private stopNoverlap(): void {
    if (this.noverlapDeadline) clearTimeout(this.noverlapDeadline);
    this.noverlapDeadline = null;
    if (this.noverlap) {
      this.noverlap.kill();
      this.noverlap = null;
    }
  }
}
