// The report after an import: per file, what was read, imported, merged as duplicate and rejected
// (with the line and the reason, so the analyst can fix the export, and as CSV with the raw lines), or
// the error that stopped it.
import { Alert, Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { fileReportWarnings, type FileReport } from '../../../shared/api';
import { fmtInt } from '../lib/format';
import { closeImportReport, store } from '../state/actions';
import type { ImportOutcome } from '../state/app';
import { useStore } from '../state/store';
import { exportRejections } from '../state/wizardActions';

const REJECTIONS_SHOWN = 100;

export function ImportReport() {
  const outcomes = useStore(store, (s) => s.importReport);
  const opened = useStore(store, (s) => s.importReportOpen);
  const failed = outcomes?.filter((o) => o.error).length ?? 0;
  const imported = outcomes?.reduce((n, o) => n + (o.report?.imported ?? 0), 0) ?? 0;
  const duplicates = outcomes?.reduce((n, o) => n + (o.report?.duplicates ?? 0), 0) ?? 0;
  return (
    <Modal
      opened={opened && outcomes !== null}
      onClose={closeImportReport}
      title={
        <Text fw={600}>
          Import report
          <Text span c="dimmed" size="sm" fw={400}>
            {' '}
            · {fmtInt(imported)} imported
            <span data-testid="import-report-duplicates"> · {fmtInt(duplicates)} duplicates</span>
            {failed ? ` · ${failed} failed` : ''}
          </Text>
        </Text>
      }
      size="lg"
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Stack gap="md" data-testid="import-report">
        {outcomes?.map((o, i) => (
          <FileOutcome key={`${o.file}-${i}`} outcome={o} />
        ))}
        <Group justify="flex-end">
          <Button size="xs" onClick={closeImportReport} data-testid="import-report-close">
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function FileOutcome({ outcome }: { outcome: ImportOutcome }) {
  const r = outcome.report;
  if (!r) {
    const cancelled = outcome.error !== null && /\bcancelled\b/i.test(outcome.error);
    return (
      <Alert
        color={cancelled ? 'gray' : 'red'}
        variant="light"
        icon={<IconCircleX size={18} />}
        title={cancelled ? `${outcome.file} · cancelled, nothing imported` : outcome.file}
        data-testid="import-file-error"
        data-cancelled={cancelled || undefined}
      >
        <Text size="sm">{outcome.error}</Text>
      </Alert>
    );
  }
  const warnings = fileReportWarnings(r);
  const ok = r.rejected === 0 && warnings.length === 0;
  return (
    <div className="import-file" data-testid="import-file-report">
      <Group gap="xs" wrap="nowrap" mb={6}>
        <ThemeIcon size="sm" variant="light" color={ok ? 'teal' : 'yellow'} radius="xl">
          {ok ? <IconCircleCheck size={14} /> : <IconAlertTriangle size={14} />}
        </ThemeIcon>
        <Text fw={600} size="sm" truncate style={{ flex: 1 }}>
          {r.file}
        </Text>
        <Badge size="sm" variant="default" radius="sm" tt="none">
          {r.format}
        </Badge>
      </Group>
      <Group gap="lg" className="import-counts">
        <Count label={r.records === 1 ? 'record' : 'records'} value={r.records} />
        <Count label="imported" value={r.imported} strong />
        <Count label={r.duplicates === 1 ? 'duplicate' : 'duplicates'} value={r.duplicates} />
        <Count label="rejected" value={r.rejected} warn={r.rejected > 0} />
      </Group>
      {warnings.map((w) => (
        <Text key={w} size="sm" c="orange.7" mt={4} data-testid="import-file-warning">
          {w}
        </Text>
      ))}
      {r.rejections.length > 0 && (
        <Table mt="xs" fz="xs" verticalSpacing={3} striped withTableBorder className="rejections">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Line</Table.Th>
              <Table.Th>Why it was rejected</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rejections.slice(0, REJECTIONS_SHOWN).map((x, i) => (
              <Table.Tr key={`${x.line}-${i}`}>
                <Table.Td className="num">{x.line}</Table.Td>
                <Table.Td>{x.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {r.rejections.length > REJECTIONS_SHOWN && (
        <Text size="xs" c="dimmed" mt={4}>
          and {fmtInt(r.rejections.length - REJECTIONS_SHOWN)} more rejected lines
        </Text>
      )}
      {r.rejections.length > 0 && <ExportRejections report={r} />}
    </div>
  );
}

function Count({
  label,
  value,
  strong,
  warn,
}: {
  label: string;
  value: number;
  strong?: boolean;
  warn?: boolean;
}) {
  return (
    <Text size="sm" c={warn ? 'orange.7' : undefined}>
      <Text span fw={strong ? 700 : 600} className="num">
        {fmtInt(value)}
      </Text>{' '}
      <Text span c={warn ? undefined : 'dimmed'} size="sm">
        {label}
      </Text>
    </Text>
  );
}

/** Saves the file's rejected lines (line, reason, raw text) as CSV. */
function ExportRejections({ report }: { report: FileReport }) {
  const [note, setNote] = useState<string | null>(null);
  return (
    <Group gap="xs" mt={4}>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconDownload size={13} />}
        onClick={() =>
          void exportRejections(report).then(
            (r) => setNote(r.saved ? `Saved ${r.name}` : null),
            (err: unknown) => setNote(err instanceof Error ? err.message : String(err)),
          )
        }
        data-testid="import-rejections-csv"
      >
        Export rejected lines (CSV)
      </Button>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Group>
  );
}
