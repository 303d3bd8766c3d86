// The empty project: what kolmap reads, and the two ways to start (import exports, or demo data).
import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChartDots3, IconFileImport, IconSparkles } from '@tabler/icons-react';
import { fmtInt } from '../lib/format';
import { loadDemo, store } from '../state/actions';
import { runCommand } from '../state/commands';
import { useStore } from '../state/store';

const SOURCES = [
  'PubMed',
  'MEDLINE',
  'Scopus',
  'Web of Science',
  'Dimensions',
  'Lens',
  'ClinicalTrials.gov',
  'Open Payments',
  'your spreadsheets',
];

export function EmptyProject() {
  const demoLoading = useStore(store, (s) => s.demoLoading);
  const importing = useStore(store, (s) => s.importing !== null);

  const demo = async () => {
    const r = await loadDemo();
    if (r.ok) {
      notifications.show({
        color: 'teal',
        title: 'Demo data loaded',
        message: `${fmtInt(r.publications)} fictional publications: explore the map and the ranking.`,
      });
    } else {
      notifications.show({
        color: 'red',
        title: 'Could not load the demo data',
        message: r.error,
        autoClose: false,
      });
    }
  };

  return (
    <div className="empty-project" data-testid="empty-state">
      <Paper className="empty-card" withBorder radius="lg" p={36} shadow="xs">
        <Stack align="center" gap="md">
          <ThemeIcon size={64} radius={32} variant="light">
            <IconChartDots3 size={34} stroke={1.5} />
          </ThemeIcon>
          <Title order={2} ta="center" fw={650}>
            Map who leads your field
          </Title>
          <Text c="dimmed" ta="center" maw={460}>
            Import the publication, trial and payment exports you already have. kolmap links the co-authors,
            ranks people by output and network influence, and finds the communities around them. Everything
            stays on this computer.
          </Text>
          <Group gap={6} justify="center" maw={480}>
            {SOURCES.map((s) => (
              <Badge key={s} variant="default" radius="sm" tt="none" fw={500} size="sm">
                {s}
              </Badge>
            ))}
          </Group>
          <Group gap="sm" mt="sm">
            <Button
              size="sm"
              leftSection={<IconFileImport size={17} />}
              onClick={() => runCommand('open-import')}
              loading={importing}
              data-testid="empty-import"
            >
              Import files
            </Button>
            <Button
              size="sm"
              variant="default"
              leftSection={<IconSparkles size={17} />}
              onClick={() => void demo()}
              loading={demoLoading}
              data-testid="load-demo"
            >
              Load demo data
            </Button>
          </Group>
        </Stack>
      </Paper>
    </div>
  );
}
