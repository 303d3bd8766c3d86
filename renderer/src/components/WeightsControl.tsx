// The score weights, editable: a popover with one slider per component (relative weights, like
// `kolmap rank --weights`), the weights they renormalise to over the components with data, and a
// reset to the defaults. A change re-runs the analysis in the worker (state/weights.ts).
import {
  Alert,
  Button,
  Group,
  Popover,
  Slider,
  Stack,
  Text,
  Tooltip,
  type PopoverProps,
} from '@mantine/core';
import { IconAdjustmentsHorizontal, IconRestore } from '@tabler/icons-react';
import { useState, type ComponentProps, type ReactNode } from 'react';
import { resolveWeights } from '../../../shared/analytics/score';
import {
  COMPONENT_RULES,
  COMPONENTS,
  DEFAULT_WEIGHTS,
  type AnalysisResult,
  type ComponentKey,
  type Weights,
} from '../../../shared/analytics/types';
import { COMPONENT_COLORS } from '../graph/palette';
import { fmtFixed } from '../lib/format';
import { useStore } from '../state/store';
import { availableComponents, resetWeights, setWeight, weightsSpec, weightsStore } from '../state/weights';

/** The renormalised weights for raw weights, or null when every component with data has weight 0. */
function renormalised(raw: Weights, available: Record<ComponentKey, boolean>): Weights | null {
  try {
    return resolveWeights(raw, available);
  } catch {
    return null;
  }
}

/** Popover placement: flipped and shifted fully into the window, at most the window's height. */
const FIT_WINDOW: NonNullable<PopoverProps['middlewares']> = {
  flip: true,
  shift: { padding: 8, limiter: { fn: ({ x, y }) => ({ x, y }) } },
  size: {
    padding: 8,
    apply: ({ availableHeight, elements }) => {
      elements.floating.style.maxHeight = `${Math.max(200, availableHeight)}px`;
      elements.floating.style.overflowY = 'auto';
    },
  },
};

/**
 * The analysis settings' popover (score weights; tier cut-offs and resolution): an Edit button that
 * reads `label` ("Custom …" when changed) and the dropdown, whole in the window.
 */
export function SettingsPopover(props: {
  custom: boolean;
  label: string;
  testId: string;
  ariaLabel?: string;
  dropdownTestId: string;
  /** The CLI flags for the settings shown (data-spec, for tests). */
  spec: string;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  return (
    // Not hidden when its button leaves the overview's view: a re-run while weights are edited changes
    // the lists above (rising stars, bridges) and pushed the button out, and the popover vanished mid-edit.
    <Popover
      opened={opened}
      onChange={setOpened}
      position="left-start"
      shadow="md"
      width={340}
      withArrow
      hideDetached={false}
      // Whole in the window however low its button sits (Mantine's shift stops where the arrow would
      // leave the button, which left the lower sliders below a 700 px window); scrolls if taller.
      middlewares={FIT_WINDOW}
    >
      <Popover.Target>
        <Button
          size="compact-xs"
          variant={props.custom ? 'light' : 'subtle'}
          leftSection={<IconAdjustmentsHorizontal size={13} />}
          onClick={() => setOpened((o) => !o)}
          data-testid={props.testId}
          data-custom={props.custom ? 'true' : 'false'}
          aria-label={props.ariaLabel}
        >
          {props.label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid={props.dropdownTestId} data-spec={props.spec}>
        {props.children}
      </Popover.Dropdown>
    </Popover>
  );
}

export function WeightsControl({ result }: { result: AnalysisResult }) {
  const custom = useStore(weightsStore, (s) => s.weights);
  const raw = custom ?? DEFAULT_WEIGHTS;
  const available = availableComponents(result);
  const inUse = renormalised(raw, available);
  return (
    <SettingsPopover
      custom={custom !== null}
      label={custom ? 'Custom weights' : 'Edit'}
      testId="weights-button"
      dropdownTestId="weights-popover"
      spec={weightsSpec(custom)}
    >
      <Stack gap={10}>
        <div>
          <Text size="sm" fw={600}>
            Score weights
          </Text>
          <Text size="xs" c="dimmed">
            Relative weights; the score renormalises them over components with data. The same numbers in{' '}
            <code>kolmap rank --weights</code> give the same order.
          </Text>
        </div>
        {COMPONENTS.map((c) => (
          <WeightRow
            key={c}
            component={c}
            raw={raw[c]}
            share={inUse ? inUse[c] : 0}
            available={available[c]}
          />
        ))}
        {!inUse && (
          <Alert color="orange" variant="light" p="xs">
            <Text size="xs">Give at least one component with data a weight above 0.</Text>
          </Alert>
        )}
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="10.5px" c="dimmed" style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }}>
            {custom ? `--weights ${weightsSpec(custom)}` : 'Default weights'}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconRestore size={13} />}
            disabled={!custom}
            onClick={() => resetWeights()}
            data-testid="weights-reset"
          >
            Reset
          </Button>
        </Group>
      </Stack>
    </SettingsPopover>
  );
}

function WeightRow({
  component,
  raw,
  share,
  available,
}: {
  component: ComponentKey;
  raw: number;
  share: number;
  available: boolean;
}) {
  const rule = COMPONENT_RULES[component];
  const [draft, setDraft] = useState<number | null>(null);
  const value = draft ?? Math.round(raw * 100);
  return (
    <div data-testid="weight-row" data-component={component} data-weight={raw}>
      <Group gap={6} wrap="nowrap" mb={2}>
        <span
          className="swatch"
          style={{ background: COMPONENT_COLORS[component], opacity: available ? 1 : 0.3 }}
        />
        <Tooltip label={rule.rule} openDelay={400} withinPortal={false}>
          <Text size="xs" style={{ flex: 1 }} c={available ? undefined : 'dimmed'}>
            {rule.label}
          </Text>
        </Tooltip>
        <Text size="xs" className="num" c="dimmed" w={28} ta="right">
          {value}
        </Text>
        <Text size="xs" className="num" fw={600} w={44} ta="right" data-testid="weight-share">
          {available ? `${fmtFixed(share * 100, 0)}%` : 'no data'}
        </Text>
      </Group>
      <Slider
        size="sm"
        min={0}
        max={100}
        step={5}
        value={value}
        onChange={setDraft}
        onChangeEnd={(v) => {
          setDraft(null);
          setWeight(component, v / 100);
        }}
        label={null}
        color={COMPONENT_COLORS[component]}
        disabled={!available}
        aria-label={`${rule.label} weight`}
        thumbProps={{ 'data-testid': `weight-${component}` } as ComponentProps<'div'>}
      />
    </div>
  );
}
