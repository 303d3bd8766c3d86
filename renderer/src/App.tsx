// The app shell: header, then the workspace (map over ranking table, inspector on the right) or the
// empty state, and the status bar. Wires keyboard shortcuts and desktop-menu events to commands.
import { Alert, Button, Splitter } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { ImportProgress } from './components/ImportProgress';
import { ImportReport } from './components/ImportReport';
import { StatusBar } from './components/StatusBar';
import { clearFocus, listen, start, store } from './state/actions';
import { isEmptyProject } from './state/app';
import { runCommand } from './state/commands';
import { useStore } from './state/store';
import { EmptyProject } from './views/EmptyProject';
import { Inspector } from './views/Inspector';
import { MapView } from './views/MapView';
import { RankingTable } from './views/RankingTable';

/** Closes the popover whose button has the focus (its toggle), if it is open; false when there is none. */
function closesPopover(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.getAttribute('aria-haspopup') !== 'dialog' || target.getAttribute('aria-expanded') !== 'true')
    return false;
  target.click();
  return true;
}

/** Whether keys go into a text field or a select there (radio, checkbox and button inputs take no text). */
function typesIntoField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement &&
    !['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  );
}

export function App() {
  const empty = useStore(store, isEmptyProject);
  const projectError = useStore(store, (s) => s.projectError);
  const loaded = useStore(store, (s) => s.project !== null);

  useEffect(() => {
    void start();
    return listen({
      onMenu: (action) => {
        if (action === 'import') runCommand('open-import');
        else if (action === 'export-csv') runCommand('export-csv');
        else if (action === 'find') runCommand('focus-search');
      },
    });
  }, []);

  // Shortcuts work from inside inputs too (empty ignore list): Ctrl+F in the filter box still finds a person.
  useHotkeys(
    [
      ['mod+O', () => runCommand('open-import')],
      ['mod+E', () => runCommand('export-csv')],
      ['mod+F', () => runCommand('focus-search')],
    ],
    [],
  );
  // Escape leaves text fields and selects alone (it closes their dropdowns there); elsewhere, also on a
  // focused radio or checkbox (the ego and "Map shows" switches), it clears selection, ego and focus.
  useHotkeys(
    [
      [
        'Escape',
        (e) => {
          if (typesIntoField(e.target)) return;
          // On the button of an open popover, it closes that popover and does nothing else (Mantine
          // closes one only while the focus is inside it; a click on its button leaves the focus there).
          if (closesPopover(e.target)) return;
          e.preventDefault();
          clearFocus();
        },
        // Not prevented in a text field: Escape keeps clearing a search box there.
        { preventDefault: false },
      ],
    ],
    [],
  );

  return (
    <div className="app">
      <AppHeader />
      <ImportProgress />
      <main className="workspace">
        {projectError ? (
          <div className="empty-project">
            <Alert
              color="red"
              variant="light"
              icon={<IconPlugConnectedX />}
              title="kolmap cannot reach its project"
              maw={560}
            >
              {projectError}
              <div>
                <Button mt="sm" size="xs" variant="light" color="red" onClick={() => void start()}>
                  Try again
                </Button>
              </div>
            </Alert>
          </div>
        ) : empty ? (
          <EmptyProject />
        ) : loaded ? (
          <Splitter className="workspace-split" lineSize={1}>
            <Splitter.Pane defaultSize={72} min={40}>
              <Splitter orientation="vertical" className="workspace-split" lineSize={1}>
                <Splitter.Pane defaultSize={58} min={20}>
                  <MapView />
                </Splitter.Pane>
                <Splitter.Pane defaultSize={42} min={15}>
                  <RankingTable />
                </Splitter.Pane>
              </Splitter>
            </Splitter.Pane>
            <Splitter.Pane defaultSize="390px" min="300px" max="640px">
              <aside className="inspector">
                <Inspector />
              </aside>
            </Splitter.Pane>
          </Splitter>
        ) : null}
      </main>
      <StatusBar />
      <ImportReport />
    </div>
  );
}
