// The network map: a sigma renderer over the graph built from the analysis result, laid out by
// ForceAtlas2 in a worker. Hover highlights a person's co-authors, a click selects them; the camera
// flies to people selected elsewhere (table, search, panel). Overlays: zoom/layout controls, legend.
import { ActionIcon, Badge, Group, Loader, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useComputedColorScheme } from '@mantine/core';
import {
  IconFocusCentered,
  IconPlayerPauseFilled,
  IconPlayerPlayFilled,
  IconZoomIn,
  IconZoomOut,
} from '@tabler/icons-react';
import Graph from 'graphology';
import { useEffect, useMemo, useRef, useState } from 'react';
import Sigma from 'sigma';
import { buildGraph, type EdgeAttrs, type MapGraph, type MapSigma, type NodeAttrs } from '../graph/build';
import { LayoutController, type LayoutState } from '../graph/layout';
import { MINOR_COMMUNITY_COLOR } from '../graph/palette';
import {
  baseSettings,
  focusCamera,
  highlightReducers,
  labelThreshold,
  themeSettings,
  type Focus,
} from '../graph/render';
import { exposeForTests } from '../graph/testHook';
import { fmtInt } from '../lib/format';
import { selectPerson, store } from '../state/actions';
import { derive } from '../state/selectors';
import { useStore } from '../state/store';

const LEGEND_ITEMS = 8;

export function MapView() {
  const result = useStore(store, (s) => s.analysis.result);
  const running = useStore(store, (s) => s.analysis.status === 'running');
  const selection = useStore(store, (s) => s.selection);
  const theme = useComputedColorScheme('light');
  const containerRef = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<MapSigma | null>(null);
  const layoutRef = useRef<LayoutController | null>(null);
  const focusRef = useRef<Focus>({ hovered: null, selected: null, theme });
  // The layout state belongs to one graph: a new graph counts as running until its layout reports.
  const [layout, setLayout] = useState<{ graph: MapGraph | null; state: LayoutState }>({
    graph: null,
    state: 'idle',
  });

  // Building the graph is pure; sigma and the layout take it over in the effect below.
  const built = useMemo(() => (result ? buildGraph(result) : null), [result]);

  // Sigma lives as long as the view.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const empty: MapGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'undirected' });
    let sigma: MapSigma | null = null;
    const reducers = highlightReducers(
      () => (sigma ? sigma.getGraph() : empty),
      () => focusRef.current,
    );
    sigma = new Sigma<NodeAttrs, EdgeAttrs>(empty, container, {
      ...baseSettings(focusRef.current.theme),
      ...reducers,
      allowInvalidContainer: true,
    });
    const s = sigma;
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
    exposeForTests({ sigma: s });
    return () => {
      observer.disconnect();
      layoutRef.current?.kill();
      layoutRef.current = null;
      s.kill();
      sigmaRef.current = null;
      exposeForTests({ sigma: null, graph: null });
    };
  }, []);

  // A new result: a new graph, a fresh layout run.
  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma || !built) return;
    layoutRef.current?.kill();
    focusRef.current = { ...focusRef.current, hovered: null };
    sigma.setSetting('labelRenderedSizeThreshold', labelThreshold(built.maxSize));
    sigma.setGraph(built.graph);
    sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    exposeForTests({ graph: built.graph });
    const graph = built.graph;
    const controller = new LayoutController(graph, sigma, {
      onState: (state) => setLayout({ graph, state }),
      maxMs: 4500,
    });
    layoutRef.current = controller;
    controller.start();
    return () => {
      controller.kill();
      if (layoutRef.current === controller) layoutRef.current = null;
    };
  }, [built]);

  // Selection from anywhere: highlight it; fly to it unless the click came from the map itself.
  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma) return;
    const key = selection ? String(selection.id) : null;
    focusRef.current = { ...focusRef.current, selected: key };
    sigma.refresh({ skipIndexation: true });
    if (key && selection?.source !== 'map' && sigma.getGraph().hasNode(key)) focusCamera(sigma, key);
  }, [selection, built]);

  useEffect(() => {
    const sigma = sigmaRef.current;
    focusRef.current = { ...focusRef.current, theme };
    if (!sigma) return;
    sigma.setSettings(themeSettings(theme));
    sigma.refresh({ skipIndexation: true });
  }, [theme]);

  const camera = (action: 'in' | 'out' | 'reset') => {
    const c = sigmaRef.current?.getCamera();
    if (!c) return;
    if (action === 'in') void c.animatedZoom({ duration: 250 });
    else if (action === 'out') void c.animatedUnzoom({ duration: 250 });
    else void c.animatedReset({ duration: 350 });
  };

  const toggleLayout = () => {
    const layout = layoutRef.current;
    if (!layout) return;
    if (layout.isRunning()) layout.stop();
    else layout.start(8000);
  };

  const layoutState: LayoutState = built && layout.graph !== built.graph ? 'running' : layout.state;
  const nodes = built?.graph.order ?? 0;
  const links = built?.graph.size ?? 0;

  return (
    <div className="map-view">
      <div
        ref={containerRef}
        className="map-canvas"
        data-testid="map"
        data-layout={layoutState}
        aria-label="Co-authorship network map"
        role="img"
      />

      <Group className="map-info" gap={6}>
        {nodes > 0 && (
          <Text size="xs" c="dimmed">
            {fmtInt(nodes)} people · {fmtInt(links)} links
            {built && built.omitted > 0
              ? ` · top ${fmtInt(nodes)} of ${fmtInt(nodes + built.omitted)} shown`
              : ''}
            {built && built.omittedLinks > 0 ? ' · strongest links' : ''}
          </Text>
        )}
        {running && result && (
          <Badge size="xs" variant="light" leftSection={<Loader size={8} />}>
            Updating
          </Badge>
        )}
      </Group>

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

      {result && result.communities.length > 0 && <Legend />}
    </div>
  );
}

function Legend() {
  const result = useStore(store, (s) => s.analysis.result);
  if (!result) return null;
  const d = derive(result);
  const items = d.communityList.filter((c) => c.color !== MINOR_COMMUNITY_COLOR).slice(0, LEGEND_ITEMS);
  const rest = d.communityList.length - items.length;
  if (items.length === 0) return null;
  return (
    <Paper className="map-legend" shadow="sm" withBorder radius="md" p="xs" data-testid="map-legend">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4} className="map-legend-title">
        Communities · led by
      </Text>
      <Stack gap={1}>
        {items.map((c) => {
          const leaderId = c.leaders[0];
          const leader = leaderId !== undefined ? d.byId.get(leaderId) : undefined;
          return (
            <UnstyledButton
              key={c.id}
              className="map-legend-item"
              onClick={() => leader && selectPerson(leader.id, 'legend')}
              title={leader ? `Select ${leader.name}` : undefined}
            >
              <span className="dot" style={{ background: c.color }} />
              <Text size="xs" className="map-legend-name" truncate>
                {leader?.name ?? `Community ${c.ordinal}`}
              </Text>
              <Text size="xs" c="dimmed" className="num">
                {fmtInt(c.size)}
              </Text>
            </UnstyledButton>
          );
        })}
      </Stack>
      {rest > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          <span className="dot" style={{ background: MINOR_COMMUNITY_COLOR }} /> {fmtInt(rest)} smaller
          communities
        </Text>
      )}
    </Paper>
  );
}
