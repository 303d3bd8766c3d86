// Rising stars and bridges in the overview (shared/analytics rising.ts and bridges.ts): each person
// with the reason they are listed, in words; a click opens their panel.
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { fmtInt } from '../lib/format';
import { selectPerson } from '../state/actions';
import { derive } from '../state/selectors';
import { TierBadge } from './TierBadge';
import '../styles/insights.css';

const SHOWN = 6;

interface Row {
  id: number;
  reason: string;
}

function ReasonList({
  title,
  rule,
  rows,
  result,
  testId,
}: {
  title: string;
  rule: string;
  rows: readonly Row[];
  result: AnalysisResult;
  testId: string;
}) {
  const [all, setAll] = useState(false);
  const d = derive(result);
  const list = all ? rows : rows.slice(0, SHOWN);
  return (
    <section data-testid={`${testId}-list`}>
      <Group justify="space-between" mb={4}>
        <Text className="section-title">{title}</Text>
        <Badge size="xs" variant="light" color="gray">
          {fmtInt(rows.length)}
        </Badge>
      </Group>
      <Text size="10.5px" c="dimmed" mb={6}>
        {rule}
      </Text>
      {rows.length === 0 ? (
        <Text size="xs" c="dimmed">
          Nobody in this scope meets the rule.
        </Text>
      ) : (
        <Stack gap={2}>
          {list.map((row) => {
            const p = d.byId.get(row.id);
            if (!p) return null;
            return (
              <UnstyledButton
                key={row.id}
                className="insight-row"
                onClick={() => selectPerson(row.id, 'panel')}
                data-testid={testId}
                data-person-id={row.id}
                title={row.reason}
              >
                <span className="dot" style={{ background: d.communities.get(p.community)?.color }} />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {p.name}
                    </Text>
                    <TierBadge tier={p.tier} size="xs" />
                  </Group>
                  <Text size="10.5px" c="dimmed" lineClamp={2} data-testid={`${testId}-reason`}>
                    {row.reason}
                  </Text>
                </div>
              </UnstyledButton>
            );
          })}
        </Stack>
      )}
      {rows.length > SHOWN && (
        <UnstyledButton onClick={() => setAll((a) => !a)} mt={4}>
          <Text size="xs" c="brand">
            {all ? 'Show fewer' : `Show all ${fmtInt(rows.length)}`}
          </Text>
        </UnstyledButton>
      )}
    </section>
  );
}

export function RisingStarsList({ result }: { result: AnalysisResult }) {
  return (
    <ReasonList
      title="Rising stars"
      rule="First paper in scope within 5 years, growth of recent output in the top 10%, and a T1 co-author."
      rows={result.risingStars ?? []}
      result={result}
      testId="rising-star"
    />
  );
}

export function BridgesList({ result }: { result: AnalysisResult }) {
  return (
    <ReasonList
      title="Bridges"
      rule="Betweenness in the top 10% and co-authors in at least two other communities."
      rows={result.bridges ?? []}
      result={result}
      testId="bridge"
    />
  );
}
