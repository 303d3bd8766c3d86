// The network map: a sigma renderer over the graph built from the analysis result, laid out by
// ForceAtlas2 in a worker. The user's encodings, the live filters, ego mode and a focused community
// reach sigma through its reducers and settings (no React re-render of the canvas). Hover highlights
// a person's co-authors, a click selects them; the camera flies to people selected elsewhere.
// Overlays: toolbar (encodings, filters, ego, export, settings), zoom/layout controls, legend.
import { ActionIcon, Badge, Group, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useComputedColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconChevronUp,
  IconFocusCentered,
  IconPlayerPauseFilled,
  IconPlayerPlayFilled,
  IconZoomIn,
  IconZoomOut,
} from '@tabler/icons-react';
import Graph from 'graphology';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { client } from '../api';
import { EmptyScope, useEmptyScope } from '../components/EmptyScope';
import { MapToolbar as MapToolbarView, type MapExportKind } from '../components/MapToolbar';
import { MAX_MAP_NODES, type EdgeAttrs, type MapGraph, type NodeAttrs } from '../graph/build';
import { encode, type AreaMembership, type Legend as LegendModel } from '../graph/encode';
import { mapPng, mapSvg } from '../graph/export';
import { LabelPlacer } from '../graph/labels';
import { LayoutController, type LayoutState } from '../graph/layout';
import { MapRenderer } from '../graph/mapRenderer';
import { movingResolution, tuneMotion } from '../graph/motion';
import { warmUpPrograms } from '../graph/warmup';
import { positionsOf } from '../graph/layoutKey';
import {
  baseSettings,
  fitCamera,
  focusCamera,
  LARGE_GRAPH,
  labelColors,
  labelThreshold,
  mapReducers,
  sizeSettings,
  themeSettings,
  type Focus,
} from '../graph/render';
import { exposeForTests } from '../graph/testHook';
import { useBuiltGraph } from '../graph/useBuiltGraph';
import { downloadBlob } from '../lib/download';
import { fileSlug, fmtInt, plural } from '../lib/format';
import {
  exportGexf,
  saveMapLayout,
  selectPerson,
  setView,
  store,
  toggleCommunityFocus,
} from '../state/actions';
import { visiblePeople } from '../state/selectors';
import { useStore } from '../state/store';
import { territoryStore } from '../state/territories';
import { afterNextFrame } from '../lib/frames';

/**
 * How many people the map draws at most: MAX_MAP_NODES, or the page's `?maxNodes=N` (the renderer
 * benchmark draws 10k–50k people this way; see tests/bench/render.ts).
 */
function mapMaxNodes(): number {
  const raw = new URLSearchParams(window.location.search).get('maxNodes');
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : MAX_MAP_NODES;
}

/** Where the drawn positions came from: the project's stored layout or a ForceAtlas2 run. */
type LayoutSource = 'stored' | 'computed' | '';

interface LayoutInfo {
  graph: MapGraph | null;
  state: LayoutState;
  source: LayoutSource;
  saved: boolean;
}

// Every category the encoding can make fits (12 community colours + grey), so nothing drawn goes unexplained.
const LEGEND_ITEMS = 14;

export function MapView() {
  const result = useStore(store, (s) => s.analysis.result);
  const running = useStore(store, (s) => s.analysis.status === 'running');
  // The head of a current cached result (its top-ranked people) is shown while the rest is read.
  const headShown = useStore(
    store,
    (s) => s.analysis.status === 'running' && s.analysis.cached === 'current',
  );
  const selection = useStore(store, (s) => s.selection);
  const view = useStore(store, (s) => s.view);
  const projectName = useStore(store, (s) => s.project?.name ?? 'kolmap');
  const theme = useComputedColorScheme('light');
  const containerRef = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<MapRenderer | null>(null);
  const placerRef = useRef<LabelPlacer | null>(null);
  const layoutRef = useRef<LayoutController | null>(null);
  const focusRef = useRef<Focus>({
    hovered: null,
    selected: null,
    theme,
    encoding: null,
    visible: null,
    minLink: 0,
    communityEdges: true,
    community: null,
  });
  // The layout state belongs to one graph: a new graph counts as running until its layout reports.
  // source: where its positions came from; saved: the settled positions are stored in the project.
  const [layout, setLayout] = useState<LayoutInfo>({ graph: null, state: 'idle', source: '', saved: false });
  const patchLayout = (graph: MapGraph, patch: Partial<Omit<LayoutInfo, 'graph'>>) =>
    setLayout((prev) => ({
      ...(prev.graph === graph
        ? prev
        : { graph, state: 'running' as const, source: '' as const, saved: false }),
      ...patch,
    }));

  const maxNodes = useMemo(() => mapMaxNodes(), []);
  /** A graph whose ForceAtlas2 run waits (a cached result's head), and how to start it. */
  const [deferred, setDeferred] = useState<{ graph: MapGraph; start: () => void } | null>(null);

  // Building the graph is pure; sigma and the layout take it over in the effect below.
  const built = useBuiltGraph(result, maxNodes);
  const selectedId = selection?.id ?? null;
  // The map shows the result its graph was built from (a newer one is being built meanwhile), so a new
  // result costs the map nothing until its graph is ready.
  const mapResult = built?.result ?? null;
  const engagements = useStore(territoryStore, (s) => s.engagements);
  const visible = useMemo(
    () => (mapResult ? visiblePeople(mapResult, view.filters, view.ego, selectedId, engagements) : null),
    [mapResult, view.filters, view.ego, selectedId, engagements],
  );
  const visibleKeys = useMemo(() => (visible?.ids ? new Set([...visible.ids].map(String)) : null), [visible]);
  // Colour by area: each drawn person's main area, fetched once per graph.
  const [areas, setAreas] = useState<{ graph: MapGraph; membership: AreaMembership } | null>(null);
  const areasFor = built && areas?.graph === built.graph ? areas.membership : null;
  useEffect(() => {
    if (!built || view.color !== 'area' || areas?.graph === built.graph) return;
    let live = true;
    const graph = built.graph;
    const ids = graph.mapNodes((_key, a) => a.personId);
    client.api.getMainAreas({ ids }).then(
      (r) => {
        if (!live) return;
        const membership: AreaMembership = {
          labels: new Map(r.areas.map((a) => [a.id, a.label])),
          byPerson: new Map(r.people),
        };
        setAreas({ graph, membership });
      },
      (err: unknown) =>
        live &&
        notifications.show({
          color: 'red',
          title: 'Could not colour by therapeutic area',
          message: err instanceof Error ? err.message : String(err),
        }),
    );
    return () => {
      live = false;
    };
  }, [built, view.color, areas]);
  const encoding = useMemo(
    () =>
      mapResult && built
        ? encode(mapResult, built.graph, view.size, view.color, visible?.ids ?? null, areasFor)
        : null,
    [mapResult, built, view.size, view.color, visible, areasFor],
  );
  const visibleNodes = useMemo(() => {
    if (!built) return 0;
    if (!visibleKeys) return built.graph.order;
    let n = 0;
    built.graph.forEachNode((key) => {
      if (visibleKeys.has(key)) n++;
    });
    return n;
  }, [built, visibleKeys]);

  // Sigma lives as long as the view.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const empty: MapGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'undirected' });
    let sigma: MapRenderer | null = null;
    const reducers = mapReducers(
      () => (sigma ? sigma.getGraph() : empty),
      () => focusRef.current,
    );
    const placer = new LabelPlacer(() => labelColors(focusRef.current.theme));
    sigma = new MapRenderer(empty, container, {
      ...baseSettings(focusRef.current.theme, placer.collect),
      ...reducers,
      allowInvalidContainer: true,
    });
    const s = sigma;
    // While the camera moves: no picking pass or lookups, empty layers hidden (graph/motion.ts).
    const untuneMotion = tuneMotion(s, () => focusRef.current.hovered, {
      resolution: () => movingResolution(s.getGraph().order, LARGE_GRAPH),
    });
    // Every program drawn once, hidden, before any data (graph/warmup.ts).
    const endWarmUp = warmUpPrograms(s);
    const detachPlacer = placer.attach(s);
    placerRef.current = placer;
    s.on('enterNode', ({ node }) => {
      focusRef.current = { ...focusRef.current, hovered: node };
      container.style.cursor = 'pointer';
      s.refresh({ skipIndexation: true });
    });
    s.on('leaveNode', () => {
      focusRef.current = { ...focusRef.current, hovered: null };
      container.style.cursor = '';
      s.refresh({ skipIndexation: true });
    });
    s.on('clickNode', ({ node }) => {
      const id = Number(node);
      if (Number.isFinite(id)) selectPerson(id, 'map');
    });
    // Sigma only watches window resizes; the panes around it resize on their own.
    const observer = new ResizeObserver(() => {
      s.resize();
      s.refresh({ skipIndexation: true });
    });
    observer.observe(container);
    // Labels are drawn on a canvas: redraw once the bundled font has loaded.
    void document.fonts?.ready.then(() => {
      if (sigmaRef.current === s) s.refresh({ skipIndexation: true });
    });
    sigmaRef.current = s;
    exposeForTests({ sigma: s, labels: () => placer.lastPlaced() });
    return () => {
      observer.disconnect();
      endWarmUp();
      untuneMotion();
      detachPlacer();
      layoutRef.current?.kill();
      layoutRef.current = null;
      s.kill();
      sigmaRef.current = null;
      placerRef.current = null;
      exposeForTests({ sigma: null, graph: null });
    };
  }, []);

  // Encodings, filters, ego mode and the focused community: new reducer inputs, one full refresh
  // (sizes and hidden nodes change, so sigma re-indexes its label grid). It runs before the effect that
  // hands sigma a new graph: then only the focus changes here, and setGraph's own refresh draws it (one
  // pass over every node instead of two, issue 5).
  useEffect(() => {
    const sigma = sigmaRef.current;
    focusRef.current = {
      ...focusRef.current,
      encoding,
      visible: visibleKeys,
      minLink: view.filters.minLink,
      communityEdges: view.color === 'community',
      community: view.focusedCommunity,
    };
    if (sigma && built && sigma.getGraph() === built.graph) sigma.refresh();
  }, [encoding, visibleKeys, view.filters.minLink, view.color, view.focusedCommunity, built]);

  // A new result: a new graph, a fresh layout run.
  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma || !built) return;
    layoutRef.current?.kill();
    focusRef.current = { ...focusRef.current, hovered: null };
    const graph = built.graph;
    const key = built.layoutKey;
    let live = true;
    let controller: LayoutController | null = null;
    let cancelSteps: (() => void) | null = null;
    // Once sigma has drawn the graph (graph/mapRenderer.ts: processed and drawn in tasks of their own).
    const drawn = () => {
      if (!live) return;
      exposeForTests({ graph });
      const c = new LayoutController(graph, sigma, {
        onState: (state) => {
          if (live) patchLayout(graph, { state });
        },
        // A settled layout is stored in the project, so the map reopens as it was.
        onSettled: () => {
          void saveMapLayout(key, positionsOf(graph)).then((saved) => {
            if (live) patchLayout(graph, { saved });
          });
        },
        maxMs: 4500,
      });
      controller = c;
      layoutRef.current = c;
      // Stored positions for every drawn person: no ForceAtlas2 run (the run button still works).
      // (useBuiltGraph applied them before sigma took the graph.)
      if (built.storedLayout) {
        patchLayout(graph, { state: 'idle', source: 'stored', saved: true });
        return;
      }
      let started = false;
      const start = () => {
        if (!live || started) return;
        started = true;
        setDeferred((d) => (d?.graph === graph ? null : d));
        patchLayout(graph, { source: 'computed' });
        c.start();
      };
      // A cached result's head: its map is drawn, but ForceAtlas2 waits. The whole result follows
      // within moments and its map (with its stored layout) replaces this one; a run on the head
      // only competed for the two cores with reading the rest, and its positions were thrown away.
      // It starts if the head stays (the rest could not be read), see the effect below.
      const a = store.get().analysis;
      if (a.status === 'running' && a.cached === 'current' && a.result === built.result) {
        setDeferred({ graph, start });
      } else start();
    };
    // The graph's settings, then the graph (graph/mapRenderer.ts: indexed now, processed and drawn in
    // tasks of their own). Both node programs were compiled when sigma was created: a graph crossing
    // LARGE_GRAPH only changes the default node type (render.ts sizeSettings), no shader compiles here.
    // It starts in a task of its own, once the browser has laid out and painted what React just
    // committed (the ranking, the panels): setGraph measures sigma's container, which forced that
    // layout inside the same long task (issue 5: UI thread tasks).
    const handOver = () => {
      if (!live) return;
      sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      const settings = {
        labelRenderedSizeThreshold: labelThreshold(built.maxSize),
        ...sizeSettings(graph.order),
      };
      cancelSteps = sigma.setGraphInSteps(graph, settings, drawn);
    };
    const cancelHandOver = afterNextFrame(handOver);
    return () => {
      live = false;
      cancelHandOver();
      cancelSteps?.();
      setDeferred((d) => (d?.graph === graph ? null : d));
      controller?.kill();
      if (layoutRef.current === controller) layoutRef.current = null;
    };
  }, [built]);

  // A head's deferred layout run starts when the head turns out to stay: the run ended (an error)
  // with the head still the result shown. (A whole result replaces the graph instead.)
  useEffect(() => {
    if (!deferred || deferred.graph !== built?.graph || headShown || result !== built.result) return;
    void Promise.resolve().then(deferred.start);
  }, [deferred, headShown, result, built]);

  // A focused community: the camera fits its members.
  useEffect(() => {
    const sigma = sigmaRef.current;
    const community = view.focusedCommunity;
    if (!sigma || !built || community === null) return;
    const members = built.graph.filterNodes((_key, a) => a.community === community);
    fitCamera(sigma, members);
  }, [view.focusedCommunity, built]);

  // Ego mode: the camera fits the neighbourhood shown.
  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma || !built || view.ego === 0 || !visibleKeys) return;
    fitCamera(
      sigma,
      built.graph.filterNodes((key) => visibleKeys.has(key)),
    );
  }, [view.ego, visibleKeys, built]);

  // Selection from anywhere: highlight it; fly to it unless the click came from the map itself.
  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma) return;
    const key = selection ? String(selection.id) : null;
    focusRef.current = { ...focusRef.current, selected: key };
    // A new result: sigma still holds the previous graph until the hand-over above gives it this one
    // (in a task of its own), and setGraph's refresh draws the selection. Refreshing here would draw
    // the old graph and measure sigma's container in React's commit, forcing the layout of everything
    // it just committed inside that task (issue 5: UI thread tasks).
    if (built && sigma.getGraph() !== built.graph) return;
    sigma.refresh({ skipIndexation: true });
    if (key && selection?.source !== 'map' && view.ego === 0 && sigma.getGraph().hasNode(key)) {
      focusCamera(sigma, key);
    }
    // The ego effect moves the camera in ego mode; a change of ego alone does not re-fly here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selection, built]);

  useEffect(() => {
    const sigma = sigmaRef.current;
    focusRef.current = { ...focusRef.current, theme };
    if (!sigma) return;
    sigma.setSettings(themeSettings(theme));
    sigma.refresh({ skipIndexation: true });
  }, [theme]);

  useEffect(() => {
    sigmaRef.current?.setSettings({
      hideEdgesOnMove: view.hideEdgesOnMove,
      hideLabelsOnMove: view.hideLabelsOnMove,
    });
  }, [view.hideEdgesOnMove, view.hideLabelsOnMove]);

  const camera = useCallback((action: 'in' | 'out' | 'reset') => {
    const c = sigmaRef.current?.getCamera();
    if (!c) return;
    if (action === 'in') void c.animatedZoom({ duration: 250 });
    else if (action === 'out') void c.animatedUnzoom({ duration: 250 });
    else void c.animatedReset({ duration: 350 });
  }, []);

  const toggleLayoutNow = () => {
    const layout = layoutRef.current;
    if (!layout) return;
    if (layout.isRunning()) layout.stop();
    else {
      setDeferred(null);
      if (built) patchLayout(built.graph, { source: 'computed', saved: false });
      layout.start(8000);
    }
  };

  const exportNow = (kind: MapExportKind) => {
    void exportMap(kind).catch((err: unknown) =>
      notifications.show({
        color: 'red',
        title: 'Export failed',
        message: err instanceof Error ? err.message : String(err),
        autoClose: false,
      }),
    );
  };

  const exportMap = async (kind: MapExportKind) => {
    const sigma = sigmaRef.current;
    const base = fileSlug(projectName);
    if (kind === 'gexf' || kind === 'graphml') {
      const r = await exportGexf(kind);
      if (r.saved) {
        notifications.show({
          color: 'teal',
          title: 'Network exported',
          message: `${plural(r.people, 'person', 'people')} in ${r.name}`,
        });
      }
      return;
    }
    if (!sigma || !encoding) throw new Error('The map is not drawn yet.');
    if (kind === 'png') {
      downloadBlob(`${base}-map.png`, await mapPng(sigma, encoding.legend, theme));
    } else {
      const svg = mapSvg(sigma, placerRef.current?.lastPlaced() ?? [], encoding.legend, theme);
      await client.saveFile(`${base}-map.svg`, svg);
    }
  };

  // The overlays are memoised and take stable callbacks that run the latest closures: a new result in
  // the store re-renders this view at once (it starts building the graph), not its toolbar and legend.
  const latest = useRef({ toggleLayoutNow, exportNow });
  useLayoutEffect(() => {
    latest.current = { toggleLayoutNow, exportNow };
  });
  const toggleLayout = useCallback(() => latest.current.toggleLayoutNow(), []);
  const onExport = useCallback((kind: MapExportKind) => latest.current.exportNow(kind), []);

  const current = built && layout.graph === built.graph ? layout : null;
  // A result whose graph is still being built counts as a running layout.
  const emptyScope = useEmptyScope();
  const layoutState: LayoutState =
    (built && !current) || (result !== null && built?.result !== result) ? 'running' : layout.state;
  const nodes = built?.graph.order ?? 0;
  const links = built?.graph.size ?? 0;

  return (
    <div className="map-view">
      <div
        ref={containerRef}
        className="map-canvas"
        data-testid="map"
        data-layout={layoutState}
        data-layout-source={current?.source ?? ''}
        data-layout-saved={current?.saved ?? false}
        data-layout-deferred={deferred !== null && deferred.graph === built?.graph}
        data-visible-nodes={visibleNodes}
        data-size-by={view.size}
        data-color-by={view.color}
        data-areas-ready={view.color !== 'area' || areasFor !== null}
        data-ego={view.ego}
        data-focused-community={view.focusedCommunity ?? ''}
        aria-label="Co-authorship network map"
        role="img"
      />

      <MapToolbar onExport={onExport} />

      {emptyScope && (
        <Paper className="map-empty" shadow="sm" withBorder radius="md" p="md">
          <EmptyScope />
        </Paper>
      )}

      <Group className="map-info" gap={6}>
        {nodes > 0 && (
          <Text size="xs" c="dimmed">
            {visibleNodes < nodes ? `${fmtInt(visibleNodes)} of ` : ''}
            {fmtInt(nodes)} people · {fmtInt(links)} links
            {built && built.omitted > 0 ? ` · top ${fmtInt(nodes)} of ${fmtInt(nodes + built.omitted)}` : ''}
            {built && built.omittedLinks > 0 ? ' · strongest links' : ''}
          </Text>
        )}
        {running && result && (
          <Badge size="xs" variant="light" leftSection={<span className="status-dot running" />}>
            Updating
          </Badge>
        )}
      </Group>

      <MapControls layoutState={layoutState} nodes={nodes} camera={camera} toggleLayout={toggleLayout} />

      {encoding && encoding.legend.items.length > 0 && (
        <Legend
          legend={encoding.legend}
          focused={view.focusedCommunity}
          collapsed={view.legendCollapsed}
          onToggle={toggleLegend}
        />
      )}
    </div>
  );
}

const MapToolbar = memo(MapToolbarView);

/** The legend folds and unfolds from the view in the store (a stable handler for the memoised legend). */
function toggleLegend(): void {
  setView({ legendCollapsed: !store.get().view.legendCollapsed });
}

/** Zoom, fit and the layout's start/stop, at the map's right edge. */
const MapControls = memo(function MapControls({
  layoutState,
  nodes,
  camera,
  toggleLayout,
}: {
  layoutState: LayoutState;
  nodes: number;
  camera: (action: 'in' | 'out' | 'reset') => void;
  toggleLayout: () => void;
}) {
  return (
    <Paper className="map-controls" shadow="sm" withBorder radius="md" p={3}>
      <Stack gap={2}>
        <Tooltip label="Zoom in" position="left" openDelay={300}>
          <ActionIcon variant="subtle" color="gray" onClick={() => camera('in')} aria-label="Zoom in">
            <IconZoomIn size={17} stroke={1.7} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Zoom out" position="left" openDelay={300}>
          <ActionIcon variant="subtle" color="gray" onClick={() => camera('out')} aria-label="Zoom out">
            <IconZoomOut size={17} stroke={1.7} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Fit the whole network" position="left" openDelay={300}>
          <ActionIcon variant="subtle" color="gray" onClick={() => camera('reset')} aria-label="Reset zoom">
            <IconFocusCentered size={17} stroke={1.7} />
          </ActionIcon>
        </Tooltip>
        <div className="map-controls-sep" />
        <Tooltip
          label={layoutState === 'running' ? 'Stop the layout' : 'Run the layout again'}
          position="left"
          openDelay={300}
        >
          <ActionIcon
            variant={layoutState === 'running' ? 'light' : 'subtle'}
            color={layoutState === 'running' ? undefined : 'gray'}
            onClick={toggleLayout}
            disabled={nodes < 2}
            aria-label={layoutState === 'running' ? 'Stop layout' : 'Run layout'}
            data-testid="layout-toggle"
          >
            {layoutState === 'running' ? (
              <IconPlayerPauseFilled size={15} />
            ) : (
              <IconPlayerPlayFilled size={15} />
            )}
          </ActionIcon>
        </Tooltip>
      </Stack>
    </Paper>
  );
});

/**
 * The legend: the same categories the encoding drew (encode.ts), with counts of visible people. It folds
 * to its title line (remembered with the view), since on a small window it covers much of the map.
 */
const Legend = memo(function Legend({
  legend,
  focused,
  collapsed,
  onToggle,
}: {
  legend: LegendModel;
  focused: number | null;
  collapsed: boolean;
  onToggle: () => void;
}) {
  const items = legend.items.slice(0, LEGEND_ITEMS);
  const rest = legend.items.slice(LEGEND_ITEMS);
  return (
    <Paper
      className="map-legend"
      shadow="sm"
      withBorder
      radius="md"
      p="xs"
      data-testid="map-legend"
      data-collapsed={collapsed || undefined}
    >
      <UnstyledButton
        className="map-legend-head"
        onClick={onToggle}
        aria-expanded={!collapsed}
        title={collapsed ? 'Show the legend' : 'Fold the legend'}
        data-testid="legend-toggle"
      >
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" className="map-legend-title" truncate>
          {legend.title} · {legend.sizeTitle}
        </Text>
        {collapsed ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
      </UnstyledButton>
      {!collapsed && <LegendItems items={items} rest={rest} focused={focused} />}
    </Paper>
  );
});

function LegendItems({
  items,
  rest,
  focused,
}: {
  items: LegendModel['items'];
  rest: LegendModel['items'];
  focused: number | null;
}) {
  return (
    <>
      <Stack gap={1} mt={4}>
        {items.map((item) => {
          const community = item.community;
          const content = (
            <>
              <span className="dot" style={{ background: item.color }} />
              <Text
                size="xs"
                className="map-legend-name"
                truncate
                fw={community === focused ? 700 : undefined}
              >
                {item.label}
              </Text>
              <Text size="xs" c="dimmed" className="num">
                {fmtInt(item.count)}
              </Text>
            </>
          );
          return community !== undefined ? (
            <UnstyledButton
              key={item.key}
              className="map-legend-item"
              onClick={() => toggleCommunityFocus(community)}
              title={`${item.label}: ${community === focused ? 'show all communities' : 'focus this community on the map'}`}
              data-testid="legend-item"
              data-color={item.color}
            >
              {content}
            </UnstyledButton>
          ) : (
            <div key={item.key} className="map-legend-item" data-testid="legend-item" data-color={item.color}>
              {content}
            </div>
          );
        })}
      </Stack>
      {rest.length > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          {fmtInt(rest.length)} more ({fmtInt(rest.reduce((n, i) => n + i.count, 0))} people)
        </Text>
      )}
    </>
  );
}
