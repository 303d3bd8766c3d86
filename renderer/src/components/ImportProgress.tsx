// The import progress strip under the header: which file, what the import is doing and how far, as
// the back end's progress events report it. While a file is read the bar shows the bytes read across
// the files picked; after it, each stage (resolving people, writing authorships, building indexes...)
// has its name and a bar of its own.
import { Button, Group, Progress, Text } from '@mantine/core';
import { IMPORT_STAGE_LABELS, isOneStepStage } from '../../../shared/api';
import { fmtInt } from '../lib/format';
import { store } from '../state/actions';
import { useStore } from '../state/store';
import { cancelImport } from '../state/wizardActions';

export function ImportProgress() {
  const p = useStore(store, (s) => s.importing);
  if (!p) return null;
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const reading = p.stage === 'reading';
  const oneStep = isOneStepStage(p.stage);
  const percent = reading
    ? ((p.fileIndex + fraction) / Math.max(1, p.fileCount)) * 100
    : oneStep
      ? 100
      : fraction * 100;
  return (
    <div className="import-strip" role="status">
      <Group gap="sm" wrap="nowrap">
        <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
          Importing {p.fileCount > 1 ? `${p.fileIndex + 1} of ${p.fileCount}` : ''}
        </Text>
        <Text size="xs" c="dimmed" truncate style={{ maxWidth: 360 }}>
          {p.file}
        </Text>
        {!reading && (
          <Text size="xs" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid="import-stage">
            {IMPORT_STAGE_LABELS[p.stage]}
          </Text>
        )}
        <Progress
          value={Math.max(3, percent)}
          size="sm"
          animated
          striped={(reading && p.total === 0) || oneStep}
          style={{ flex: 1 }}
          data-testid="import-progress"
          aria-label={reading ? 'Import progress' : `${IMPORT_STAGE_LABELS[p.stage]} progress`}
        />
        <Text size="xs" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>
          {reading
            ? p.records > 0
              ? `${fmtInt(p.records)} records`
              : `${Math.round(percent)}%`
            : oneStep
              ? `${fmtInt(p.records)} records`
              : p.stage === 'indexes'
                ? `${p.done + 1} of ${p.total}`
                : `${Math.round(percent)}%`}
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
