// The column-mapping editor of the import wizard, for generic CSV files: each source column (with a
// sample value) maps to one of GENERIC_FIELDS or is skipped; problems (no title, a field mapped twice)
// show at once; mappings are saved in the project as named presets and loaded back.
import { ActionIcon, Button, Group, Select, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { GENERIC_FIELDS, type ColumnMap } from '../../../shared/api';
import { mappingProblems, type WizardFile } from '../state/wizard';
import { deletePreset, loadPresetInto, savePreset, setMapping } from '../state/wizardActions';

const SKIP = '__skip';

const FIELD_OPTIONS = [
  { value: SKIP, label: '(not imported)' },
  ...Object.entries(GENERIC_FIELDS)
    .filter(([field]) => field !== 'author')
    .map(([field, what]) => ({ value: field, label: `${field}: ${what}` })),
];

function sampleOf(file: WizardFile, index: number): string {
  for (const row of file.preview?.sampleCells ?? []) {
    const v = row[index]?.trim();
    if (v) return v;
  }
  return '';
}

export function MappingEditor({ file, presets }: { file: WizardFile; presets: string[] }) {
  const [presetName, setPresetName] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const columns = file.preview?.columns ?? [];
  const problems = mappingProblems(file);

  const setField = (column: string, field: string | null): void => {
    const map: ColumnMap = { ...file.map };
    if (!field || field === SKIP) delete map[column];
    else map[column] = field;
    setMapping(file.id, map);
  };

  return (
    <div className="mapping-editor" data-testid="mapping-editor">
      <Group gap="xs" mb={6} wrap="wrap">
        <Text size="sm" fw={600} style={{ flex: 1 }}>
          Column mapping
        </Text>
        <Select
          size="xs"
          w={200}
          placeholder="Load a saved mapping"
          data={presets}
          value={chosen}
          onChange={(name) => {
            setChosen(name);
            if (!name) return;
            const missing = loadPresetInto(file.id, name);
            setPresetName(name);
            setNote(
              missing.length
                ? { text: `Not in this file: ${missing.join(', ')}`, error: true }
                : { text: `Loaded "${name}"`, error: false },
            );
          }}
          clearable
          data-testid="mapping-preset-select"
          aria-label="Saved mappings"
        />
        {chosen && (
          <Tooltip label={`Delete the saved mapping "${chosen}"`}>
            <ActionIcon
              variant="default"
              size={30}
              aria-label="Delete saved mapping"
              onClick={() =>
                void deletePreset(chosen).then((err) => {
                  setNote(err ? { text: err, error: true } : { text: `Deleted "${chosen}"`, error: false });
                  if (!err) setChosen(null);
                })
              }
            >
              <IconTrash size={15} />
            </ActionIcon>
          </Tooltip>
        )}
        <TextInput
          size="xs"
          w={180}
          placeholder="Name to save it as"
          value={presetName}
          onChange={(e) => setPresetName(e.currentTarget.value)}
          data-testid="mapping-preset-name"
          aria-label="Mapping name"
        />
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDeviceFloppy size={14} />}
          disabled={!presetName.trim() || problems.length > 0}
          onClick={() =>
            void savePreset(presetName.trim(), file.map).then((err) =>
              setNote(
                err ? { text: err, error: true } : { text: `Saved "${presetName.trim()}"`, error: false },
              ),
            )
          }
          data-testid="mapping-preset-save"
        >
          Save mapping
        </Button>
      </Group>
      {note && (
        <Text size="xs" c={note.error ? 'red' : 'dimmed'} mb={4}>
          {note.text}
        </Text>
      )}
      <Table fz="xs" verticalSpacing={3} withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in the file</Table.Th>
            <Table.Th>First value</Table.Th>
            <Table.Th w={330}>Read as</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map((column, i) => (
            <Table.Tr key={`${column}-${i}`}>
              <Table.Td fw={500}>
                {column || (
                  <Text span c="dimmed">
                    (no name)
                  </Text>
                )}
              </Table.Td>
              <Table.Td c="dimmed" className="mapping-sample">
                {sampleOf(file, i)}
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  data={FIELD_OPTIONS}
                  value={file.map[column] === 'author' ? 'authors' : (file.map[column] ?? SKIP)}
                  onChange={(v) => setField(column, v)}
                  allowDeselect={false}
                  disabled={!column}
                  aria-label={`Field for column ${column}`}
                  data-testid="mapping-field"
                  data-column={column}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {problems.length > 0 && (
        <Text size="xs" c="red" mt={4} data-testid="mapping-problems">
          {problems.join('; ')}
        </Text>
      )}
    </div>
  );
}
