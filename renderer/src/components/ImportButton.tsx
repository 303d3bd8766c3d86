// Import: the header button that opens the import wizard (also opened by Ctrl/Cmd+O, the desktop menu
// and the empty state), and the hidden multi-file input behind it: files picked there open the wizard
// with them. The wizard itself is mounted here, so the header owns the whole import entry point.
import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { store } from '../state/actions';
import { onCommand } from '../state/commands';
import { useStore } from '../state/store';
import { openWizard } from '../state/wizardActions';
import { ImportWizard } from '../views/ImportWizard';

/** Extensions of the exports kolmap reads; the picker still allows any file. */
const ACCEPT = '.csv,.tsv,.txt,.nbib,.medline,.ris,.xls,text/csv,text/plain,text/tab-separated-values';

export function ImportButton() {
  const inputRef = useRef<HTMLInputElement>(null);
  const importing = useStore(store, (s) => s.importing !== null);

  useEffect(() => onCommand('open-import', () => openWizard()), []);

  return (
    <>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Reset, so picking the same file again still fires a change.
          e.currentTarget.value = '';
          if (files.length) openWizard(files);
        }}
      />
      <Button
        size="xs"
        leftSection={<IconFileImport size={15} />}
        onClick={() => openWizard()}
        loading={importing}
        data-testid="import-button"
      >
        Import
      </Button>
      <ImportWizard />
    </>
  );
}
