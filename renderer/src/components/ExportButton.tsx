// Export the ranking as CSV (the table's current order and filter), via a save dialog in the
// desktop app or a download in the browser. Also run by Ctrl/Cmd+E and the desktop menu.
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileExport } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { plural } from '../lib/format';
import { exportRankedCsv, store } from '../state/actions';
import { onCommand } from '../state/commands';
import { useStore } from '../state/store';

export function ExportButton() {
  const count = useStore(store, (s) => s.analysis.result?.people.length ?? 0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const run = async () => {
      if (store.get().analysis.result?.people.length) await exportCsv(setBusy);
    };
    return onCommand('export-csv', () => void run());
  }, []);

  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconFileExport size={15} />}
      onClick={() => void exportCsv(setBusy)}
      disabled={count === 0}
      loading={busy}
      data-testid="export-csv"
    >
      Export CSV
    </Button>
  );
}

async function exportCsv(setBusy: (b: boolean) => void): Promise<void> {
  setBusy(true);
  try {
    const r = await exportRankedCsv();
    if (r.saved) {
      notifications.show({
        color: 'teal',
        title: 'Ranking exported',
        message: `${plural(r.rows, 'person', 'people')} written to ${r.path ?? r.name}`,
      });
    }
  } catch (err) {
    notifications.show({
      color: 'red',
      title: 'Export failed',
      message: err instanceof Error ? err.message : String(err),
      autoClose: false,
    });
  } finally {
    setBusy(false);
  }
}
