// Tier cut-offs and community resolution, editable: a popover beside the overview's tiers with the
// percent of people in T1, T2 and T3 (T4 is the rest) and Louvain's resolution, each with a reset.
// The same numbers in `kolmap rank --tiers … --resolution …` give the same tiers and communities.
// A valid change re-runs the analysis (state/weights.ts) a moment after the last keystroke; an
// invalid one is not applied and the popover says what is wrong.
import { Alert, Button, Group, NumberInput, Slider, Stack, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ComponentProps } from 'react';
import {
  DEFAULT_RESOLUTION,
  DEFAULT_TIER_PERCENTS,
  tierPercentsProblem,
  UI_RESOLUTION_MAX,
  UI_RESOLUTION_MIN,
} from '../../../shared/analytics/settings';
import { settingsSpec, uiResolutionProblem } from '../state/settings';
import { useStore } from '../state/store';
import { resetResolution, resetTiers, setResolution, setTiers, settingsStore } from '../state/weights';
import { SettingsPopover } from './WeightsControl';

/** Typing pauses this long before a valid value re-runs the analysis (blur and Enter apply at once). */
const TYPING_DELAY_MS = 500;

const TIERS = ['T1', 'T2', 'T3'] as const;
const TIER_HINTS = ['top', 'next', 'next'] as const;

/** A tier percentage that is wrong on its own (not only in the sum). */
const outOfRange = (p: number) => !(Number.isFinite(p) && p >= 0 && p <= 100);

/** A NumberInput's value as a number (NaN when empty or not a number). */
function num(v: number | string): number {
  return typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
}

/**
 * Calls fn (a module-level action, the same on every render) with the latest value TYPING_DELAY_MS
 * after the last change; flush() calls it at once. A value still pending when the popover closes is
 * applied then.
 */
function useDelayed<T>(fn: (value: T) => void): { later: (value: T) => void; flush: () => void } {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ value: T } | null>(null);
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    if (p) fn(p.value);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      const p = pending.current;
      if (p) fn(p.value);
    },
    [fn],
  );
  return {
    later: (value) => {
      pending.current = { value };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, TYPING_DELAY_MS);
    },
    flush,
  };
}

export function TiersControl() {
  const settings = useStore(settingsStore, (s) => s);
  const custom = settings.tiers !== null || settings.resolution !== null;
  const spec = settingsSpec(settings);
  return (
    <SettingsPopover
      custom={custom}
      label={custom ? 'Custom' : 'Edit'}
      testId="tiers-button"
      ariaLabel="Edit tier cut-offs and community resolution"
      dropdownTestId="tiers-popover"
      spec={spec}
    >
      <Stack gap={14}>
        <TierCuts />
        <ResolutionInput />
        <Text size="10.5px" c="dimmed" data-testid="tiers-spec">
          {spec ? (
            <>
              In <code>kolmap rank</code>: <code>{spec}</code>
            </>
          ) : (
            'Default tiers and resolution'
          )}
        </Text>
      </Stack>
    </SettingsPopover>
  );
}

/** A section's title and hint, with its Reset button. */
function SectionHead(props: {
  title: string;
  hint: string;
  canReset: boolean;
  onReset: () => void;
  testId: string;
  resetLabel: string;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" mb={6}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {props.title}
        </Text>
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      </div>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconRestore size={13} />}
        style={{ flexShrink: 0 }}
        disabled={!props.canReset}
        onClick={props.onReset}
        data-testid={props.testId}
        aria-label={props.resetLabel}
      >
        Reset
      </Button>
    </Group>
  );
}

function TierCuts() {
  const stored = useStore(settingsStore, (s) => s.tiers);
  const current = stored ?? DEFAULT_TIER_PERCENTS;
  // What is typed, kept while it is invalid (the store keeps the last valid percentages).
  const [draft, setDraft] = useState<(number | string)[] | null>(null);
  const values = draft ?? [...current];
  const numbers = values.map(num);
  const problem = tierPercentsProblem(numbers);
  const delayed = useDelayed<number[]>(setTiers);
  const change = (i: number, v: number | string) => {
    const next = [...values];
    next[i] = v;
    setDraft(next);
    const parsed = next.map(num);
    if (tierPercentsProblem(parsed) === null) delayed.later(parsed);
  };
  const commit = () => {
    delayed.flush();
    // A valid draft is now the stored value; drop it so the inputs show the store (e.g. after Reset).
    if (tierPercentsProblem(numbers) === null) setDraft(null);
  };
  const rest = 100 - numbers.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return (
    <div data-testid="tier-cuts">
      <SectionHead
        title="Tier cut-offs"
        hint="Share of the people in scope in each tier, by score from the top; T4 is the rest."
        canReset={stored !== null || draft !== null}
        onReset={() => {
          setDraft(null);
          resetTiers();
        }}
        testId="tiers-reset"
        resetLabel="Reset tier cut-offs to 5, 15, 30 %"
      />
      <Group gap={6} wrap="nowrap" align="flex-end">
        {TIERS.map((t, i) => (
          <NumberInput
            key={t}
            size="xs"
            label={`${t} (${TIER_HINTS[i]})`}
            aria-label={`${t}: percent of people (${TIER_HINTS[i]})`}
            value={values[i]}
            onChange={(v) => change(i, v)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
            min={0}
            max={100}
            step={1}
            decimalScale={2}
            clampBehavior="none"
            allowNegative={false}
            suffix=" %"
            error={problem !== null && (outOfRange(numbers[i]!) || !numbers.some(outOfRange))}
            w={74}
            data-testid={`tier-input-${t}`}
          />
        ))}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={500} c="dimmed" mb={4}>
            T4 (rest)
          </Text>
          <Text size="sm" className="num" h={30} style={{ lineHeight: '30px' }} data-testid="tier-rest">
            {Number.isFinite(rest) && rest >= 0 ? `${Math.round(rest * 100) / 100} %` : '–'}
          </Text>
        </div>
      </Group>
      {problem && (
        <Alert color="orange" variant="light" p="xs" mt={8} data-testid="tiers-problem">
          <Text size="xs">
            {problem[0]!.toUpperCase() + problem.slice(1)}. The tiers shown are still {current.join(', ')} %.
          </Text>
        </Alert>
      )}
    </div>
  );
}

/**
 * The slider works on 100 × log10 of the resolution in steps of 10 (0.1, 0.13, 0.16 … 1, 1.3, 1.6, 2,
 * 2.5 … 10), so 0.1–1 gets as much room as 1–10 and each arrow key moves to a new value.
 */
const SLIDER_STEP = 10;
const toSlider = (r: number) => Math.round((Math.log10(r) * 100) / SLIDER_STEP) * SLIDER_STEP;
const fromSlider = (v: number) => Number((10 ** (v / 100)).toPrecision(2));

function ResolutionInput() {
  const stored = useStore(settingsStore, (s) => s.resolution);
  const current = stored ?? DEFAULT_RESOLUTION;
  const [draft, setDraft] = useState<number | string | null>(null);
  const value = draft ?? current;
  const parsed = num(value);
  const problem = uiResolutionProblem(parsed);
  const delayed = useDelayed<number>(setResolution);
  const commit = () => {
    delayed.flush();
    if (uiResolutionProblem(parsed) === null) setDraft(null);
  };
  return (
    <div data-testid="resolution-control">
      <SectionHead
        title="Community resolution"
        hint="Higher gives more, smaller communities; lower fewer, larger ones. Default 1."
        canReset={stored !== null || draft !== null}
        onReset={() => {
          setDraft(null);
          resetResolution();
        }}
        testId="resolution-reset"
        resetLabel="Reset community resolution to 1"
      />
      <Group gap={10} wrap="nowrap" align="center">
        <Slider
          style={{ flex: 1 }}
          size="sm"
          min={toSlider(UI_RESOLUTION_MIN)}
          max={toSlider(UI_RESOLUTION_MAX)}
          step={SLIDER_STEP}
          value={toSlider(problem === null ? parsed : current)}
          onChange={(v) => setDraft(fromSlider(v))}
          onChangeEnd={(v) => {
            setDraft(null);
            setResolution(fromSlider(v));
          }}
          label={(v) => fromSlider(v).toString()}
          marks={[
            { value: toSlider(0.1), label: '0.1' },
            { value: 0, label: '1' },
            { value: toSlider(10), label: '10' },
          ]}
          mb={14}
          aria-label="Community resolution"
          thumbProps={{ 'data-testid': 'resolution-slider' } as ComponentProps<'div'>}
        />
        <NumberInput
          size="xs"
          w={74}
          value={value}
          onChange={(v) => {
            setDraft(v);
            const r = num(v);
            if (uiResolutionProblem(r) === null) delayed.later(r);
          }}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          min={UI_RESOLUTION_MIN}
          max={UI_RESOLUTION_MAX}
          step={0.1}
          decimalScale={2}
          clampBehavior="none"
          allowNegative={false}
          error={problem !== null}
          aria-label="Community resolution (0.1 to 10)"
          data-testid="resolution-input"
        />
      </Group>
      {problem && (
        <Alert color="orange" variant="light" p="xs" data-testid="resolution-problem">
          <Text size="xs">
            {problem[0]!.toUpperCase() + problem.slice(1)} (the range is {UI_RESOLUTION_MIN} to{' '}
            {UI_RESOLUTION_MAX}). The communities shown use {current}.
          </Text>
        </Alert>
      )}
    </div>
  );
}
