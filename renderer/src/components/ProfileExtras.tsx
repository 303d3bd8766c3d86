// The profile's sections beyond publications (issue 6): the therapeutic-area mix (the share of the
// person's papers each area's rules match), the trials they hold a role in and the Open Payments made
// to them (totals by year and nature, the payers by name). Each says plainly when there is nothing.
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { store } from '../state/actions';
import { useStore } from '../state/store';
import type { PersonDetail, PersonPayments, PersonTrial } from '../../../shared/api';
import { fmtInt, plural } from '../lib/format';
import '../styles/profile.css';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Dollars: whole dollars from $100 up, cents below (small meals are often a few dollars). */
export function fmtUsd(amount: number): string {
  return Math.abs(amount) >= 100 ? usd.format(amount) : usdCents.format(amount);
}

/** "PHASE1|PHASE2" → "Phase 1/2", "NA" → "No phase", "EARLY_PHASE1" → "Early phase 1". */
export function trialPhase(phase: string | null): string | null {
  if (!phase) return null;
  const parts = phase
    .split(/[|,/]/)
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  if (parts.length === 0) return null;
  if (parts.every((p) => p === 'NA' || p === 'N/A')) return 'No phase';
  const early = parts.some((p) => p.startsWith('EARLY'));
  const numbers = parts.map((p) => /(\d)/.exec(p)?.[1]).filter((n): n is string => n !== undefined);
  if (numbers.length === 0) return phase;
  return `${early ? 'Early phase' : 'Phase'} ${numbers.join('/')}`;
}

/** "ACTIVE_NOT_RECRUITING" → "Active, not recruiting". */
export function trialStatus(status: string | null): string | null {
  if (!status) return null;
  const s = status.trim().toLowerCase().replace(/_/g, ' ');
  const text = s === 'active not recruiting' ? 'active, not recruiting' : s;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function years(t: PersonTrial): string | null {
  if (t.startYear === null && t.endYear === null) return null;
  if (t.startYear !== null && t.endYear !== null && t.startYear !== t.endYear)
    return `${t.startYear}–${t.endYear}`;
  return String(t.startYear ?? `until ${t.endYear}`);
}

function SectionHead({ title, extra }: { title: string; extra?: React.ReactNode }) {
  return (
    <Group justify="space-between" mb={6} wrap="nowrap">
      <Text className="section-title">{title}</Text>
      {extra}
    </Group>
  );
}

function Empty({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <Text size="xs" c="dimmed" data-testid={testId} data-empty="true">
      {children}
    </Text>
  );
}

export function AreaMix({ detail }: { detail: PersonDetail }) {
  const total = detail.publications.length;
  return (
    <section>
      <SectionHead
        title="Therapeutic areas"
        extra={
          total > 0 && (
            <Text size="xs" c="dimmed">
              share of {plural(total, 'paper')}
            </Text>
          )
        }
      />
      {detail.areas.length === 0 ? (
        <Empty testId="person-areas">
          {total === 0
            ? 'No publications, so no area mix.'
            : `None of their ${plural(total, 'paper')} matches a therapeutic area's rules.`}
        </Empty>
      ) : (
        <Stack gap={3} data-testid="person-areas">
          {detail.areas.map((a) => (
            <div key={a.id} className="area-share" data-testid="person-area" data-area={a.id}>
              <Text size="xs" truncate className="area-share-name" title={a.label}>
                {a.label}
              </Text>
              <span className="area-share-bar">
                <span style={{ width: `${Math.max(2, a.share * 100)}%` }} />
              </span>
              <Text size="10.5px" c="dimmed" className="num" ta="right" w={78}>
                {Math.round(a.share * 100)}% · {fmtInt(a.publications)}
              </Text>
            </div>
          ))}
          {detail.areas.length > 1 && (
            <Text size="10.5px" c="dimmed" mt={2}>
              A paper can match several areas, so the shares can add up to more than 100%.
            </Text>
          )}
        </Stack>
      )}
    </section>
  );
}

const TRIALS_SHOWN = 6;

export function Trials({ detail }: { detail: PersonDetail }) {
  const [all, setAll] = useState(false);
  const trials = detail.trials;
  const shown = all ? trials : trials.slice(0, TRIALS_SHOWN);
  const count = new Set(trials.map((t) => t.nctId)).size;
  const projectTrials = useStore(store, (s) => s.project?.totals.trials ?? 0);
  return (
    <section>
      <SectionHead
        title="Clinical trials"
        extra={
          count > 0 && (
            <Text size="xs" c="dimmed">
              {plural(count, 'trial')}
            </Text>
          )
        }
      />
      {trials.length === 0 ? (
        <Empty testId="person-trials">
          {projectTrials > 0
            ? `No trial in this project names them (${plural(projectTrials, 'trial')} imported; trials without investigator names match nobody).`
            : 'No trial in this project names them. Import a ClinicalTrials.gov export to add trials.'}
        </Empty>
      ) : (
        <Stack gap={8} data-testid="person-trials">
          {shown.map((t) => (
            <div key={`${t.nctId}/${t.role}`} className="trial" data-testid="person-trial" data-nct={t.nctId}>
              <Text size="xs" lh={1.35} lineClamp={2} title={t.title}>
                {t.title || <span className="dim">Untitled</span>}
              </Text>
              <Group gap={6} mt={2} wrap="wrap">
                <Badge size="xs" variant="light" radius="sm" tt="none">
                  {t.role}
                </Badge>
                <Text size="10.5px" c="dimmed" ff="monospace">
                  {t.nctId}
                </Text>
                <Text size="10.5px" c="dimmed">
                  {[trialPhase(t.phase), trialStatus(t.status), years(t)].filter(Boolean).join(' · ')}
                </Text>
              </Group>
            </div>
          ))}
          {!all && trials.length > TRIALS_SHOWN && (
            <Anchor component="button" type="button" size="xs" onClick={() => setAll(true)}>
              Show all {fmtInt(trials.length)} trial roles
            </Anchor>
          )}
        </Stack>
      )}
    </section>
  );
}

function PaymentsBody({ p }: { p: PersonPayments }) {
  const maxYear = Math.max(...p.byYear.map((y) => y.total), 1e-9);
  return (
    <Stack gap="sm" data-testid="person-payments">
      <Group gap="lg" wrap="nowrap">
        <div>
          <Text className="kpi-label">Total</Text>
          <Text fw={700} size="lg" className="num" data-testid="payments-total">
            {fmtUsd(p.total)}
          </Text>
        </div>
        <div>
          <Text className="kpi-label">Payments</Text>
          <Text fw={600} size="sm" className="num" mt={4}>
            {fmtInt(p.count)}
          </Text>
        </div>
        <div>
          <Text className="kpi-label">Payers</Text>
          <Text fw={600} size="sm" className="num" mt={4}>
            {fmtInt(p.payers.length + p.otherPayers)}
          </Text>
        </div>
      </Group>
      <div>
        <Text size="10.5px" c="dimmed" fw={600} tt="uppercase" mb={2}>
          By year
        </Text>
        <Stack gap={2}>
          {p.byYear.map((y) => (
            <div key={y.year ?? 'none'} className="pay-year" data-testid="payments-year">
              <Text size="xs" w={44} className="num">
                {y.year ?? '–'}
              </Text>
              <span className="area-share-bar">
                <span style={{ width: `${Math.max(2, (y.total / maxYear) * 100)}%` }} />
              </span>
              <Text size="xs" className="num" ta="right" w={84}>
                {fmtUsd(y.total)}
              </Text>
            </div>
          ))}
        </Stack>
      </div>
      <AmountTable
        testId="payments-nature"
        heading="Nature of payment"
        rows={p.byNature.map((n) => ({ label: n.nature, count: n.count, total: n.total }))}
      />
      <AmountTable
        testId="payments-payers"
        rowTestId="payments-payer"
        heading="Paid by"
        rows={p.payers.map((n) => ({ label: n.name, count: n.count, total: n.total }))}
      />
      {p.otherPayers > 0 && (
        <Text size="10.5px" c="dimmed">
          and {plural(p.otherPayers, 'other payer')} (in the totals above)
        </Text>
      )}
    </Stack>
  );
}

export function Payments({ detail }: { detail: PersonDetail }) {
  return (
    <section>
      <SectionHead
        title="Industry payments"
        extra={
          <Text size="xs" c="dimmed">
            CMS Open Payments
          </Text>
        }
      />
      {detail.payments ? (
        <PaymentsBody p={detail.payments} />
      ) : (
        <Empty testId="person-payments">
          No Open Payments record in this project is linked to them (payments link through an NPI from an
          affiliation list).
        </Empty>
      )}
    </section>
  );
}

/** Payments grouped one way (nature, payer): label, number of payments and amount per row. */
function AmountTable({
  testId,
  rowTestId,
  heading,
  rows,
}: {
  testId: string;
  rowTestId?: string;
  heading: string;
  rows: { label: string; count: number; total: number }[];
}) {
  return (
    <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{heading}</Table.Th>
          <Table.Th ta="right">n</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.label} data-testid={rowTestId}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td ta="right" className="num">
              {fmtInt(r.count)}
            </Table.Td>
            <Table.Td ta="right" className="num">
              {fmtUsd(r.total)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
