// The last view of each project (scope, filters, encodings, ego mode, selection, table columns),
// kept in localStorage under the project's path so reopening a project shows what was left.
import type { AppState, YearScope } from './app';
import { sanitiseView, type ViewState } from './view';

const PREFIX = 'kolmap.view:';

export interface SavedView {
  view: ViewState;
  scope: YearScope;
  selected: number | null;
}

function year(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

export function loadView(projectPath: string): SavedView | null {
  try {
    const text = localStorage.getItem(PREFIX + projectPath);
    if (!text) return null;
    const raw = JSON.parse(text) as Record<string, unknown>;
    const scope = (raw.scope && typeof raw.scope === 'object' ? raw.scope : {}) as Record<string, unknown>;
    return {
      view: sanitiseView(raw.view),
      scope: {
        ta: typeof scope.ta === 'string' && scope.ta !== '' ? scope.ta : null,
        since: year(scope.since),
        until: year(scope.until),
      },
      selected: typeof raw.selected === 'number' ? raw.selected : null,
    };
  } catch {
    // Storage disabled or a corrupt entry: start from the defaults.
    return null;
  }
}

export function saveView(state: AppState): void {
  if (!state.project) return;
  const saved: SavedView = {
    view: { ...state.view, focusedCommunity: null },
    scope: state.scope,
    selected: state.selection?.id ?? null,
  };
  try {
    localStorage.setItem(PREFIX + state.project.path, JSON.stringify(saved));
  } catch {
    // Quota or privacy mode: the view simply is not remembered.
  }
}

// The score weights, tier cut-offs and community resolution of each project (state/weights.ts checks
// them on the way back in), kept apart from the view: they change what is computed, not how it is shown.
const ANALYSIS_PREFIX = 'kolmap.analysis:';

export function loadAnalysisSettings(projectPath: string): Record<string, unknown> | null {
  try {
    const text = localStorage.getItem(ANALYSIS_PREFIX + projectPath);
    if (!text) return null;
    const raw: unknown = JSON.parse(text);
    return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Saves them, or forgets them when null (the defaults). */
export function saveAnalysisSettings(projectPath: string, settings: object | null): void {
  try {
    if (settings) localStorage.setItem(ANALYSIS_PREFIX + projectPath, JSON.stringify(settings));
    else localStorage.removeItem(ANALYSIS_PREFIX + projectPath);
  } catch {
    // Quota or privacy mode: the settings last for the session only.
  }
}
