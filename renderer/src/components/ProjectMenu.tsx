// The project in the header, as a menu: New project…, Open project…, the recent projects, and the
// keyboard shortcuts. In browser mode the page has no file dialog of its own, so New and Open take a
// path typed by the user (or one picked from the recent list); the main process checks it and
// switches (api.openProject). Also keeps the window title on the project's name, and owns the
// shortcuts for opening a project (Ctrl/Cmd+Shift+O) and listing the shortcuts (?).
import {
  Alert,
  Button,
  Group,
  Kbd,
  Menu,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconClock, IconFilePlus, IconFolderOpen, IconKeyboard } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { RecentProject } from '../../../shared/api';
import { client } from '../api';
import { fmtInt } from '../lib/format';
import { openProjectFile, store } from '../state/actions';
import { isEmptyProject } from '../state/app';
import { useStore } from '../state/store';
import '../styles/profile.css';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = MAC ? '⌘' : 'Ctrl';

/** Every keyboard shortcut of the window (App.tsx and this file register them). */
export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: [MOD, 'O'], action: 'Import export files' },
  { keys: [MOD, 'Shift', 'O'], action: 'Open another project' },
  { keys: [MOD, 'F'], action: 'Find a person' },
  { keys: [MOD, 'E'], action: 'Export the ranked table as CSV' },
  { keys: ['↑ ↓'], action: 'In the ranking: select the next or previous person' },
  { keys: ['Tab'], action: "Then: the selected person's status and priority in the ranking" },
  { keys: ['Esc'], action: 'Close the open popover or dialog; then clear the selection, ego mode and focus' },
  { keys: ['?'], action: 'Show these shortcuts' },
];

type DialogMode = 'create' | 'open';

function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i > 0 ? file.slice(0, i + 1) : '';
}

export function ProjectMenu() {
  const project = useStore(store, (s) => s.project);
  const links = useStore(store, (s) => s.analysis.result?.stats.edges ?? null);
  const empty = useStore(store, isEmptyProject);
  const [dialog, setDialog] = useState<DialogMode | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [recent, setRecent] = useState<RecentProject[] | null>(null);
  const [recentError, setRecentError] = useState<string | null>(null);

  useEffect(() => {
    document.title = project ? `${project.name} — kolmap` : 'kolmap';
  }, [project]);

  useHotkeys(
    [
      ['mod+shift+O', () => setDialog('open')],
      ['shift+?', () => setShortcuts(true)],
    ],
    ['INPUT', 'TEXTAREA', 'SELECT'],
  );

  const loadRecent = () => {
    client.api.getRecentProjects({}).then(
      (list) => {
        setRecent(list);
        setRecentError(null);
      },
      (err: unknown) => setRecentError(err instanceof Error ? err.message : String(err)),
    );
  };

  const openRecent = (path: string) => {
    void openProjectFile(path, false).then(
      (info) =>
        notifications.show({
          color: 'teal',
          title: 'Project opened',
          message: `${info.name} (${info.path})`,
        }),
      (err: unknown) =>
        notifications.show({
          color: 'red',
          title: 'Could not open the project',
          message: err instanceof Error ? err.message : String(err),
          autoClose: false,
        }),
    );
  };

  return (
    <>
      <Menu position="bottom-start" shadow="md" width={340} withinPortal onOpen={loadRecent}>
        <Menu.Target>
          <UnstyledButton className="project" data-testid="project-info" title={project?.path}>
            <Group gap={4} wrap="nowrap">
              <Text size="sm" fw={600} truncate data-testid="project-name">
                {project?.name ?? 'Opening…'}
              </Text>
              <IconChevronDown size={13} className="dim" style={{ flexShrink: 0 }} />
            </Group>
            {project && (
              <Text size="xs" c="dimmed" className="totals" data-testid="project-totals">
                {fmtInt(project.totals.publications)} publications · {fmtInt(project.totals.authors)} people
                {/* The publications and people are the project's; the links are the current scope's. */}
                {links !== null && !empty ? ` · ${fmtInt(links)} links in scope` : ''}
              </Text>
            )}
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown data-testid="project-menu">
          <Menu.Item
            leftSection={<IconFilePlus size={15} />}
            onClick={() => setDialog('create')}
            data-testid="project-new"
          >
            New project…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconFolderOpen size={15} />}
            rightSection={
              <Text size="xs" c="dimmed">
                {MOD}+Shift+O
              </Text>
            }
            onClick={() => setDialog('open')}
            data-testid="project-open"
          >
            Open project…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>Recent projects</Menu.Label>
          {recentError && (
            <Text size="xs" c="red" px="sm" pb={4}>
              {recentError}
            </Text>
          )}
          {recent !== null && recent.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" pb={4}>
              None yet.
            </Text>
          )}
          <div data-testid="recent-projects">
            {(recent ?? []).map((r) => {
              const current = r.path === project?.path;
              return (
                <Menu.Item
                  key={r.path}
                  leftSection={<IconClock size={15} />}
                  disabled={current || !r.exists}
                  onClick={() => openRecent(r.path)}
                  data-testid="recent-project"
                  data-path={r.path}
                  data-current={current}
                >
                  <Text size="sm" truncate fw={current ? 600 : undefined}>
                    {r.name}
                    {current ? ' (open)' : !r.exists ? ' (missing)' : ''}
                  </Text>
                  <Text size="10.5px" c="dimmed" truncate title={r.path}>
                    {r.path}
                  </Text>
                </Menu.Item>
              );
            })}
          </div>
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconKeyboard size={15} />}
            rightSection={<Kbd size="xs">?</Kbd>}
            onClick={() => setShortcuts(true)}
            data-testid="shortcuts-open"
          >
            Keyboard shortcuts
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog && (
        <ProjectPathDialog
          mode={dialog}
          suggestion={project ? dirOf(project.path) : ''}
          onClose={() => setDialog(null)}
        />
      )}
      <ShortcutsDialog opened={shortcuts} onClose={() => setShortcuts(false)} />
    </>
  );
}

function ProjectPathDialog({
  mode,
  suggestion,
  onClose,
}: {
  mode: DialogMode;
  suggestion: string;
  onClose: () => void;
}) {
  const create = mode === 'create';
  const [path, setPath] = useState(create ? `${suggestion}new-project.kolmap` : suggestion);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = () => {
    setBusy(true);
    setError(null);
    openProjectFile(path, create).then(
      (info) => {
        setBusy(false);
        onClose();
        notifications.show({
          color: 'teal',
          title: create ? 'Project created' : 'Project opened',
          message: `${info.name} (${info.path})`,
        });
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={create ? 'New project' : 'Open project'}
      size="lg"
      data-testid="project-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Project file"
            description={
              create
                ? 'The full path of the new file, ending in .kolmap (the folder must exist). The current project is closed.'
                : 'The full path of a kolmap project file (.kolmap, .sqlite or .db). The current project is closed.'
            }
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            data-autofocus
            spellCheck={false}
            data-testid="project-path"
          />
          {error && (
            <Alert color="red" variant="light" data-testid="project-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!path.trim()} data-testid="project-submit">
              {create ? 'Create' : 'Open'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table verticalSpacing={6} data-testid="shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td className="shortcut-keys" w={150}>
                <Group gap={4} wrap="nowrap">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && (
                        <Text span size="xs" c="dimmed" mr={4}>
                          +
                        </Text>
                      )}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.action}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
