// The import progress strip under the header: which file, how far, as the back end's progress
// events report it (bytes or records of the current file, across the files picked).
import { Button, Group, Progress, Text } from '@mantine/core';
import { fmtInt } from '../lib/format';
import { store } from '../state/actions';
import { useStore } from '../state/store';
import { cancelImport } from '../state/wizardActions';

export function ImportProgress() {
  const p = useStore(store, (s) => s.importing);
  if (!p) return null;
  const fileFraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const overall = ((p.fileIndex + fileFraction) / Math.max(1, p.fileCount)) * 100;
  return (
    <div className="import-strip" role="status">
      <Group gap="sm" wrap="nowrap">
        <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
          Importing {p.fileCount > 1 ? `${p.fileIndex + 1} of ${p.fileCount}` : ''}
        </Text>
        <Text size="xs" c="dimmed" truncate style={{ maxWidth: 360 }}>
          {p.file}
        </Text>
        <Progress
          value={Math.max(3, overall)}
          size="sm"
          animated
          striped={p.total === 0}
          style={{ flex: 1 }}
          data-testid="import-progress"
          aria-label="Import progress"
        />
        <Text size="xs" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>
          {p.records > 0 ? `${fmtInt(p.records)} records` : `${Math.round(overall)}%`}
        </Text>
        <Button
          size="compact-xs"
          variant="default"
          onClick={() => void cancelImport()}
          data-testid="import-cancel"
          title="Stop the import: the file being imported is rolled back, the project stays as it was"
        >
          Cancel
        </Button>
      </Group>
    </div>
  );
}
