// The therapeutic-area rules editor: the project's areas with their publication counts on the left,
// the selected area's rules (MeSH, keywords, title words, journals, exclusions) as tag inputs on the
// right. Save stores the area through api.saveArea (the back end reclassifies the publications);
// "Reset to defaults" restores the shipped set. An analysis scoped to an edited area re-runs.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NavLink,
  ScrollArea,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { AreaRulesJson } from '../../../shared/api';
import { client } from '../api';
import { fmtInt } from '../lib/format';
import { scheduleAnalysis, store } from '../state/actions';
import { reloadAreas, useAreas } from '../state/areas';
import '../styles/insights.css';

const FIELDS: { key: keyof AreaRulesJson; label: string; hint: string }[] = [
  { key: 'mesh', label: 'MeSH terms', hint: '"Neoplasms" also matches "Breast Neoplasms"' },
  {
    key: 'keywords',
    label: 'Author keywords',
    hint: 'whole words; "cardio*" matches every word starting with it',
  },
  { key: 'titleWords', label: 'Title words', hint: 'words or phrases in the title; plurals match' },
  {
    key: 'journals',
    label: 'Journals',
    hint: '"oncol*" matches "J Clin Oncol"; "=blood" must equal the name',
  },
  { key: 'exclude', label: 'Exclude', hint: 'phrases whose words never count for this area' },
];

const EMPTY_RULES: AreaRulesJson = { mesh: [], keywords: [], titleWords: [], journals: [], exclude: [] };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The project's areas (state/areas) while the editor is open; `reload` after an edit. */
function useEditorAreas(opened: boolean) {
  const loaded = useAreas(opened);
  const [error, setError] = useState<string | null>(null);
  const loadError = loaded.error !== null ? `Could not load the areas: ${loaded.error}` : null;
  return { areas: loaded.areas, error: error ?? loadError, reload: reloadAreas, setError };
}

/** Re-runs the analysis when its scope reads the area that changed (or every area, on reset). */
function rerunIfScoped(id: string | null): void {
  const ta = store.get().scope.ta;
  if (ta !== null && (id === null || ta === id)) scheduleAnalysis(0);
}

const NEW = '#new';

interface Draft {
  /** The area id this draft edits, NEW for a new area: a draft for another selection is ignored. */
  key: string;
  id: string;
  label: string;
  rules: AreaRulesJson;
  isNew: boolean;
}

export function AreasEditor({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { areas, error, reload, setError } = useEditorAreas(opened);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  // Derived, not synchronised by effects: the selection defaults to the first area, the form to the
  // selected area's stored rules until the user edits them.
  const sel = selected ?? areas?.[0]?.id ?? null;
  const current = sel !== null && sel !== NEW ? (areas?.find((a) => a.id === sel) ?? null) : null;
  const form: Draft | null =
    draft && draft.key === sel
      ? draft
      : current
        ? { key: current.id, id: current.id, label: current.label, rules: current.rules, isNew: false }
        : null;

  const dirty =
    form !== null &&
    (form.isNew ||
      !current ||
      form.label !== current.label ||
      FIELDS.some((f) => form.rules[f.key].join('\n') !== current.rules[f.key].join('\n')));

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setSaved(null);
    try {
      await work();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      if (!form) return;
      const result = await client.api.saveArea({
        id: form.id.trim(),
        label: form.label,
        rules: form.rules,
      });
      await reload();
      setSelected(result.id);
      setDraft(null);
      setSaved(`Saved: ${fmtInt(result.publications)} publications match "${result.label}".`);
      setError(null);
      rerunIfScoped(result.id);
    });

  const remove = () =>
    run(async () => {
      if (!current) return;
      await client.api.deleteArea({ id: current.id });
      setSelected(null);
      setDraft(null);
      await reload();
      rerunIfScoped(current.id);
    });

  const reset = () =>
    run(async () => {
      if (!window.confirm('Replace every area with the shipped defaults? Edits and added areas are lost.'))
        return;
      await client.api.resetAreas({});
      await reload();
      setSelected(null);
      setDraft(null);
      rerunIfScoped(null);
    });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Therapeutic areas"
      size={920}
      data-testid="areas-editor"
      styles={{ title: { fontWeight: 600 } }}
    >
      {error && (
        <Alert color="red" variant="light" mb="sm" data-testid="areas-error">
          {error}
        </Alert>
      )}
      <div className="areas-editor">
        <div className="areas-editor-list">
          <ScrollArea h={420} type="auto" scrollbarSize={6}>
            {(areas ?? []).map((a) => (
              <NavLink
                key={a.id}
                active={a.id === sel}
                onClick={() => setSelected(a.id)}
                label={a.label}
                rightSection={
                  <Text size="xs" c="dimmed" className="num">
                    {fmtInt(a.publications)}
                  </Text>
                }
                data-testid="area-item"
                data-area={a.id}
                py={5}
              />
            ))}
          </ScrollArea>
          <Group gap={6} mt="xs">
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconPlus size={13} />}
              onClick={() => {
                setSelected(NEW);
                setDraft({ key: NEW, id: '', label: '', rules: { ...EMPTY_RULES }, isNew: true });
              }}
            >
              New area
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              leftSection={<IconRestore size={13} />}
              onClick={() => void reset()}
              disabled={busy}
              data-testid="areas-reset"
            >
              Reset to defaults
            </Button>
          </Group>
        </div>
        <div className="areas-editor-form">
          {form ? (
            <Stack gap="sm">
              <Group grow gap="sm" align="flex-start">
                <TextInput
                  size="xs"
                  label="Name"
                  value={form.label}
                  onChange={(e) => setDraft({ ...form, label: e.currentTarget.value })}
                  data-testid="area-label"
                />
                <TextInput
                  size="xs"
                  label="Id"
                  description={form.isNew ? 'lower-case letters, digits and hyphens' : undefined}
                  value={form.id}
                  disabled={!form.isNew}
                  onChange={(e) => setDraft({ ...form, id: e.currentTarget.value.toLowerCase() })}
                />
              </Group>
              <Group justify="space-between" wrap="nowrap">
                <Group gap={6}>
                  {current && !form.isNew && (
                    <>
                      <Badge size="sm" variant="light">
                        {fmtInt(current.publications)} publications
                      </Badge>
                      {current.builtin && (
                        <Badge size="sm" variant="light" color="gray">
                          Shipped default
                        </Badge>
                      )}
                    </>
                  )}
                  <Text size="xs" c="teal" data-testid="area-saved">
                    {saved}
                  </Text>
                </Group>
                <Group gap="xs">
                  {current && !form.isNew && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => void remove()}
                      disabled={busy}
                    >
                      Delete
                    </Button>
                  )}
                  <Button
                    size="xs"
                    onClick={() => void save()}
                    loading={busy}
                    disabled={!dirty || !form.label.trim() || !form.id.trim()}
                    data-testid="area-save"
                  >
                    Save
                  </Button>
                </Group>
              </Group>
              {FIELDS.map((f) => (
                <TagsInput
                  key={f.key}
                  size="xs"
                  label={f.label}
                  description={f.hint}
                  value={form.rules[f.key]}
                  onChange={(v) => setDraft({ ...form, rules: { ...form.rules, [f.key]: v } })}
                  clearable
                  acceptValueOnBlur
                  splitChars={[',', ';']}
                  maxDropdownHeight={0}
                  data-testid={`area-${f.key}`}
                  styles={{ pillsList: { maxHeight: 78, overflowY: 'auto' } }}
                />
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {areas === null ? 'Loading…' : 'Select an area, or add a new one.'}
            </Text>
          )}
        </div>
      </div>
    </Modal>
  );
}
