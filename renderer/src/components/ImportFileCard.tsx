// One file in the import wizard: detected format (and why), encoding, delimiter and line ends, a format
// override, the column mapping for generic CSV, what importing it now would do (exact counts of a dry
// run against the project), its first records as parsed, and its errors by line; a progress bar while
// it is imported.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Progress,
  ScrollArea,
  Select,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconX } from '@tabler/icons-react';
import { fileReportWarnings, FORMATS, type ImportPreview, type PreviewRow } from '../../../shared/api';
import { fmtInt } from '../lib/format';
import { effectiveFormat, type WizardFile, type WizardFormat } from '../state/wizard';
import { exportPreviewRejections, removeFile, setFormat } from '../state/wizardActions';
import { MappingEditor } from './MappingEditor';

const FORMAT_OPTIONS = [
  { value: 'auto', label: 'Detect from content' },
  ...FORMATS.map((f) => ({ value: f, label: f })),
];

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const ERRORS_SHOWN = 50;

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The preview's error as said in the wizard. An unrecognised format's advice is written for the CLI
 * (every supported format with its menu path, then "--format generic-csv --map ..."): here the problem
 * is followed by what to do in the wizard; the whole message stays in the tooltip.
 */
function uiMessage(preview: ImportPreview): string {
  const error = preview.error;
  if (!error) return '';
  if (preview.format !== null) return error.message;
  return (
    `${error.problem} ` +
    (preview.columns.length > 1
      ? "If it is one of the formats kolmap reads, choose it in this card's format menu; otherwise map its columns."
      : "Export it again in one of the formats in this card's format menu.")
  );
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/** The encoding the back end read the file as, named as an analyst's tools name it. */
function encodingLabel(preview: ImportPreview): string {
  const name = ENCODINGS[preview.encoding] ?? preview.encoding;
  return preview.bom && preview.encoding === 'utf-8' ? `${name} with BOM` : name;
}

function Facts({ preview }: { preview: ImportPreview }) {
  const facts = [
    encodingLabel(preview),
    preview.delimiter === null
      ? 'tagged text'
      : `${DELIMITERS[preview.delimiter] ?? preview.delimiter}-separated`,
    preview.lineEnding ? `${preview.lineEnding} line ends` : null,
    preview.columns.length
      ? `${preview.columns.length} ${preview.delimiter === null ? 'tags' : 'columns'}`
      : null,
  ].filter(Boolean);
  return (
    <Text size="xs" c="dimmed" data-testid="wizard-facts">
      {facts.join(' · ')}
    </Text>
  );
}

function Counts({ preview }: { preview: ImportPreview }) {
  const r = preview.report;
  if (!r) return null;
  const item = (value: number, label: string, color?: string) => (
    <Text size="sm" c={color}>
      <Text span fw={700} className="num">
        {fmtInt(value)}
      </Text>{' '}
      <Text span size="sm" c={color ?? 'dimmed'}>
        {label}
      </Text>
    </Text>
  );
  return (
    <Group gap="lg" data-testid="wizard-counts">
      {item(r.records, r.records === 1 ? 'record' : 'records')}
      {item(r.imported, 'would be imported')}
      {item(r.duplicates, r.duplicates === 1 ? 'duplicate of the project' : 'duplicates of the project')}
      {item(r.rejected, 'rejected', r.rejected > 0 ? 'orange.7' : undefined)}
    </Group>
  );
}

// Before anything is stored: what importing would do (the badge read "IMPORTED" in the preview).
const OUTCOME_LABEL: Record<PreviewRow['outcome'], string> = {
  imported: 'new',
  duplicate: 'duplicate',
  rejected: 'rejected',
};

const OUTCOME_COLOR: Record<PreviewRow['outcome'], string> = {
  imported: 'teal',
  duplicate: 'gray',
  rejected: 'orange',
};

function FirstRows({ rows }: { rows: PreviewRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Table
      fz="xs"
      verticalSpacing={3}
      withTableBorder
      striped
      data-testid="wizard-rows"
      className="wizard-rows"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={56}>Line</Table.Th>
          <Table.Th>Title (as parsed)</Table.Th>
          <Table.Th w={52}>Year</Table.Th>
          <Table.Th w={230}>People</Table.Th>
          <Table.Th w={170}>Identifiers</Table.Th>
          <Table.Th w={96} title="What importing would do with the record">
            On import
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.line}>
            <Table.Td className="num">{r.line}</Table.Td>
            <Table.Td c={r.kind === 'rejected' ? 'orange.8' : undefined}>
              <Text size="xs" lineClamp={2}>
                {r.title}
              </Text>
            </Table.Td>
            <Table.Td className="num">{r.year ?? ''}</Table.Td>
            <Table.Td>
              <Text size="xs" lineClamp={2} title={r.people.join('; ')}>
                {r.people.slice(0, 4).join('; ')}
                {r.people.length > 4 ? ` +${r.people.length - 4}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" lineClamp={2} className="wizard-ids">
                {r.ids.join(' ')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge
                size="xs"
                variant="light"
                color={OUTCOME_COLOR[r.outcome]}
                radius="sm"
                data-testid="wizard-outcome"
              >
                {OUTCOME_LABEL[r.outcome]}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ErrorsByLine({ file, preview }: { file: WizardFile; preview: ImportPreview }) {
  const rejections = preview.report?.rejections ?? [];
  if (rejections.length === 0) return null;
  return (
    <div data-testid="wizard-errors">
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600} c="orange.8" style={{ flex: 1 }}>
          {fmtInt(rejections.length)} {rejections.length === 1 ? 'line' : 'lines'} would be rejected
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconDownload size={13} />}
          onClick={() => void exportPreviewRejections(file)}
        >
          CSV
        </Button>
      </Group>
      <ScrollArea.Autosize mah={150}>
        <Table fz="xs" verticalSpacing={2} withTableBorder>
          <Table.Tbody>
            {rejections.slice(0, ERRORS_SHOWN).map((x, i) => (
              <Table.Tr key={`${x.line}-${i}`}>
                <Table.Td w={70} className="num">
                  line {x.line}
                </Table.Td>
                <Table.Td>{x.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {rejections.length > ERRORS_SHOWN && (
        <Text size="xs" c="dimmed">
          and {fmtInt(rejections.length - ERRORS_SHOWN)} more (all in the CSV)
        </Text>
      )}
    </div>
  );
}

/** A dry run under way: how far the back end has read the file, once it says. */
function PreviewReading({ file }: { file: WizardFile }) {
  const r = file.reading;
  const pct = r && r.total > 0 ? Math.min(100, Math.round((100 * r.done) / r.total)) : null;
  return (
    <div data-testid="wizard-preview-reading">
      <Group gap="xs" my={6}>
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Checking every record against the project
          {r && pct !== null ? ` · ${pct} % read · ${r.records.toLocaleString('en-US')} records` : '…'}
        </Text>
      </Group>
      {pct !== null && <Progress value={pct} size="xs" mb={6} aria-label={`Preview of ${file.name}`} />}
    </div>
  );
}

export function ImportFileCard({
  file,
  presets,
  committing,
  progress,
  stage = null,
}: {
  file: WizardFile;
  presets: string[];
  committing: boolean;
  /** 0–100 while the wizard imports; null before. */
  progress: number | null;
  /** While the file is imported and read to its end: what the import is doing (progress is of it). */
  stage?: string | null;
}) {
  const preview = file.preview;
  const format = effectiveFormat(file);
  return (
    <div className="wizard-file" data-testid="wizard-file" data-format={format ?? ''} data-name={file.name}>
      <Group gap="xs" wrap="nowrap" mb={4}>
        <Text fw={600} size="sm" truncate style={{ flex: 1 }} title={file.name}>
          {file.name}
          <Text span c="dimmed" size="xs" fw={400}>
            {'  '}
            {fmtBytes(file.blob.size)}
          </Text>
        </Text>
        {preview?.format && (
          <Tooltip label={preview.why} multiline w={380} openDelay={200}>
            <Badge variant="light" radius="sm" tt="none" data-testid="wizard-detected">
              {preview.format}
              {preview.detected ? ` · ${Math.round(preview.confidence * 100)}%` : ' · chosen'}
            </Badge>
          </Tooltip>
        )}
        <Select
          size="xs"
          w={190}
          data={FORMAT_OPTIONS}
          value={file.format}
          onChange={(v) => v && setFormat(file.id, v as WizardFormat)}
          allowDeselect={false}
          disabled={committing}
          aria-label={`Format of ${file.name}`}
          data-testid="wizard-format"
        />
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Remove ${file.name}`}
          onClick={() => removeFile(file.id)}
          disabled={committing}
        >
          <IconX size={15} />
        </ActionIcon>
      </Group>
      {preview && (
        <>
          {/* Nothing read (a workbook, a PDF...): no encoding or shape to tell. */}
          {(preview.format !== null || preview.columns.length > 0) && <Facts preview={preview} />}
          {preview.format && (
            <Text size="xs" c="dimmed" mb={6}>
              {preview.why}
            </Text>
          )}
        </>
      )}
      {progress !== null && (
        <Progress
          value={progress}
          size="sm"
          my={6}
          animated={file.status === 'importing'}
          color={file.status === 'failed' ? 'red' : undefined}
          data-testid="wizard-file-progress"
          aria-label={`Import progress of ${file.name}`}
        />
      )}
      {stage && (
        <Text size="xs" c="dimmed" mb={6} data-testid="wizard-file-stage">
          {stage}…
        </Text>
      )}
      {file.previewing && <PreviewReading file={file} />}
      {file.failure && (
        <Alert color="red" variant="light" p="xs" my={6} data-testid="wizard-failure">
          <Text size="xs">{file.failure}</Text>
        </Alert>
      )}
      {!file.previewing && preview?.error && (
        <Alert
          color={preview.format === null || format === 'generic-csv' ? 'yellow' : 'red'}
          variant="light"
          p="xs"
          my={6}
          icon={<IconAlertTriangle size={16} />}
          data-testid="wizard-error"
        >
          <Text size="xs" title={preview.error.message}>
            {uiMessage(preview)}
          </Text>
          {preview.format === null && preview.columns.length > 1 && (
            <Button
              size="compact-xs"
              mt={6}
              variant="light"
              onClick={() => setFormat(file.id, 'generic-csv')}
            >
              Map its columns (generic CSV)
            </Button>
          )}
        </Alert>
      )}
      {format === 'generic-csv' && preview && preview.columns.length > 0 && (
        <MappingEditor file={file} presets={presets} />
      )}
      {preview?.report && !file.previewing && (
        <div className="wizard-result">
          {fileReportWarnings(preview.report, true).map((w) => (
            <Alert
              key={w}
              color="yellow"
              variant="light"
              p="xs"
              mb={6}
              icon={<IconAlertTriangle size={16} />}
              data-testid="wizard-warning"
            >
              <Text size="xs">{w}</Text>
            </Alert>
          ))}
          <Counts preview={preview} />
          <FirstRows rows={preview.rows} />
          <ErrorsByLine file={file} preview={preview} />
        </div>
      )}
    </div>
  );
}
