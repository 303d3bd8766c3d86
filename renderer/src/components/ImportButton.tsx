// Import: a button and the hidden multi-file input behind it (also opened by Ctrl/Cmd+O, the
// desktop menu and the empty state). Files go to the back end one by one; progress shows in the header.
import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { importFiles, store } from '../state/actions';
import { onCommand } from '../state/commands';
import { useStore } from '../state/store';

/** Extensions of the exports kolmap reads; the picker still allows any file. */
const ACCEPT = '.csv,.tsv,.txt,.nbib,.medline,.ris,.xls,text/csv,text/plain,text/tab-separated-values';

export function ImportButton() {
  const inputRef = useRef<HTMLInputElement>(null);
  const importing = useStore(store, (s) => s.importing !== null);

  useEffect(() => onCommand('open-import', () => inputRef.current?.click()), []);

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
          void importFiles(files);
        }}
      />
      <Button
        size="xs"
        leftSection={<IconFileImport size={15} />}
        onClick={() => inputRef.current?.click()}
        loading={importing}
        data-testid="import-button"
      >
        Import
      </Button>
    </>
  );
}
