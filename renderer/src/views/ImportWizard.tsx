// The import wizard (issue 3): drop or pick several export files, see for each the detected format,
// encoding and first records as parsed, override the format, map the columns of a generic CSV, see the
// exact counts and errors by line of a dry run before anything is stored, then import them all (a
// progress bar per file); the import report (duplicates, rejections) follows.
import { Alert, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { ImportFileCard } from '../components/ImportFileCard';
import { IMPORT_STAGE_LABELS, isOneStepStage } from '../../../shared/api';
import { fmtInt, plural } from '../lib/format';
import { store } from '../state/actions';
import type { ImportProgress } from '../state/app';
import { useStore } from '../state/store';
import { isImportable, wizardStore, type WizardFile } from '../state/wizard';
import { addFiles, cancelImport, closeWizard, importAll } from '../state/wizardActions';
import '../styles/wizard.css';

const ACCEPT = '.csv,.tsv,.txt,.nbib,.medline,.ris,.xls,text/csv,text/plain,text/tab-separated-values';

function DropZone({ disabled }: { disabled: boolean }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = Array.from(e.dataTransfer.files);
    if (files.length) addFiles(files);
  };
  return (
    <div
      className={`wizard-drop${over ? ' is-over' : ''}`}
      data-testid="wizard-dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <input
        ref={inputRef}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="wizard-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length) addFiles(files);
        }}
      />
      <IconUpload size={22} stroke={1.5} />
      <Text size="sm">
        Drop export files here, or{' '}
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => inputRef.current?.click()}
          disabled={disabled}
          data-testid="wizard-pick"
        >
          choose files
        </Button>
      </Text>
      <Text size="xs" c="dimmed">
        PubMed, Scopus, Web of Science, MEDLINE/.nbib, ClinicalTrials.gov, Open Payments, Dimensions, Lens,
        affiliation lists, or any CSV with a column mapping. The format is read from the content.
      </Text>
    </div>
  );
}

/** What the import of f is doing after reading it, while it is imported (null: reading, or not now). */
function stageOf(f: WizardFile, current: ImportProgress | null): string | null {
  if (f.status !== 'importing' || !current || current.file !== f.name || current.stage === 'reading')
    return null;
  return IMPORT_STAGE_LABELS[current.stage];
}

function progressOf(f: WizardFile, current: ImportProgress | null): number | null {
  switch (f.status) {
    case 'ready':
      return null;
    case 'queued':
      return 0;
    case 'done':
    case 'failed':
      return 100;
    case 'importing':
      if (isOneStepStage(current?.stage)) return 100;
      return current && current.file === f.name && current.total > 0
        ? Math.max(3, Math.min(100, (current.done / current.total) * 100))
        : 3;
  }
}

export function ImportWizard() {
  const wizard = useStore(wizardStore, (s) => s);
  const importing = useStore(store, (s) => s.importing);
  const { files, committing } = wizard;
  const presets = wizard.presets.map((p) => p.name);
  const ready = files.filter(isImportable);
  const busy = files.some((f) => f.previewing);
  const skipped = files.length - ready.length;
  const totals = ready.reduce(
    (t, f) => {
      const r = f.preview?.report;
      return r
        ? {
            records: t.records + r.records,
            imported: t.imported + r.imported,
            rejected: t.rejected + r.rejected,
          }
        : t;
    },
    { records: 0, imported: 0, rejected: 0 },
  );

  return (
    <Modal
      opened={wizard.open}
      onClose={closeWizard}
      size={1120}
      closeOnClickOutside={!committing}
      closeOnEscape={!committing}
      withCloseButton={!committing}
      title={<Text fw={600}>Import files</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Stack gap="md" data-testid="wizard">
        <DropZone disabled={committing} />
        {files.map((f) => (
          <ImportFileCard
            key={f.id}
            file={f}
            presets={presets}
            committing={committing}
            progress={progressOf(f, importing)}
            stage={stageOf(f, importing)}
          />
        ))}
        {files.length > 1 && ready.length > 0 && !busy && (
          <Alert variant="light" color="gray" p="xs">
            <Text size="xs">
              Duplicates above are counted against the project as it is. The files are imported one after
              another, so a paper in two of them (say a Scopus and a Web of Science export of one search) is
              stored once and counted as a duplicate in the later file: the report after the import says how
              many.
            </Text>
          </Alert>
        )}
        <Group justify="space-between" className="wizard-footer">
          <Text size="sm" c="dimmed" data-testid="wizard-summary">
            {files.length === 0
              ? 'No files yet.'
              : busy
                ? 'Checking files…'
                : `${plural(ready.length, 'file')} ready: ${plural(totals.records, 'record')}, up to ${fmtInt(
                    totals.imported,
                  )} new, ${fmtInt(totals.rejected)} rejected${skipped ? ` · ${plural(skipped, 'file')} cannot be imported as it is` : ''}`}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              onClick={committing ? () => void cancelImport() : closeWizard}
              data-testid="wizard-cancel"
            >
              {committing ? 'Cancel import' : 'Cancel'}
            </Button>
            <Button
              size="sm"
              leftSection={<IconFileImport size={16} />}
              onClick={() => void importAll()}
              disabled={busy || ready.length === 0}
              loading={committing}
              data-testid="wizard-import"
            >
              {ready.length > 1 ? `Import ${ready.length} files` : 'Import'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
