// The Imports tab of the inspector (issue 3): every file imported into the project with its report
// (format, records, imported, duplicates, rejected, when), kept in the project; per file, its rejected
// lines (line, reason, raw text) in a dialog, exportable as CSV (cells injection-guarded).
import { Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { SourceInfo, SourceRejections } from '../../../shared/api';
import { client } from '../api';
import { fileSlug, fmtInt, plural } from '../lib/format';
import { store } from '../state/actions';
import { useStore } from '../state/store';
import { rejectionsCsv } from '../state/wizardActions';

/** The file's own name: the CLI records the path it was given, and a long path hid the name behind "…". */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function ImportsPanel() {
  const sources = useStore(store, (s) => s.project?.sources ?? null);
  const [open, setOpen] = useState<SourceInfo | null>(null);
  const list = [...(sources ?? [])].reverse();
  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8}>
      <Stack gap="sm" p="md" data-testid="imports-panel">
        <Text className="section-title">Imported files</Text>
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No files imported yet.
          </Text>
        ) : (
          list.map((s) => (
            <div key={s.id} className="import-file" data-testid="imports-row" data-source={s.id}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={600} truncate title={s.name}>
                  {baseName(s.name)}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {s.format}
                </Text>
              </Group>
              <Text size="xs" className="num" data-testid="imports-counts">
                {fmtInt(s.records)} records · {fmtInt(s.imported)} imported · {fmtInt(s.duplicates)}{' '}
                duplicates · {fmtInt(s.rejected)} rejected
              </Text>
              <Group justify="space-between" wrap="nowrap" gap="xs" mt={4}>
                <Text size="10.5px" c="dimmed">
                  {when(s.importedAt)}
                </Text>
                {s.rejected > 0 && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="yellow"
                    onClick={() => setOpen(s)}
                    data-testid="imports-rejections"
                  >
                    {plural(s.rejected, 'rejected line')}
                  </Button>
                )}
              </Group>
            </div>
          ))
        )}
      </Stack>
      {open && <RejectionsModal key={open.id} source={open} onClose={() => setOpen(null)} />}
    </ScrollArea>
  );
}

function RejectionsModal({ source, onClose }: { source: SourceInfo; onClose: () => void }) {
  const [data, setData] = useState<SourceRejections | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const id = source.id;
  useEffect(() => {
    let live = true;
    client.api.getRejections({ sourceId: id }).then(
      (r) => live && setData(r),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const exportCsv = async (): Promise<void> => {
    if (!data) return;
    const name = `${fileSlug(baseName(source.name).replace(/\.[^.]+$/, ''))}-rejected.csv`;
    try {
      const result = await client.saveFile(name, rejectionsCsv(source.name, data.rejections));
      setSaved(result.saved ? `Saved ${result.path ?? name}` : null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={<Text fw={600}>Rejected lines · {baseName(source.name)}</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Stack gap="sm" data-testid="rejections-modal">
        {error && (
          <Alert color="red" variant="light">
            <Text size="sm">{error}</Text>
          </Alert>
        )}
        {!data && !error && <Loader size="sm" />}
        {data && (
          <Table striped withTableBorder fz="xs" data-testid="rejections-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Raw text</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rejections.map((r) => (
                <Table.Tr key={r.line} data-testid="rejection-row">
                  <Table.Td className="num">{r.line}</Table.Td>
                  <Table.Td>{r.reason}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                      {r.raw}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {saved ?? ''}
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
              onClick={() => void exportCsv()}
              disabled={!data || data.rejections.length === 0}
              data-testid="rejections-export"
            >
              Export CSV
            </Button>
            <Button size="xs" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
