// The header: product, project and its totals (a menu: New / Open / Recent, shortcuts), then the person search, the year scope and the
// actions (import, export, theme).
import {
  ActionIcon,
  Divider,
  Group,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { store } from '../state/actions';
import { isEmptyProject } from '../state/app';
import { useStore } from '../state/store';
import { ExportButton } from './ExportButton';
import { ImportButton } from './ImportButton';
import { Logo } from './Logo';
import { PersonSearch } from './PersonSearch';
import { ProjectMenu } from './ProjectMenu';
import { ScopeControl } from './ScopeControl';
import { IdentityReview } from '../views/IdentityReview';

export function AppHeader() {
  const empty = useStore(store, isEmptyProject);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  return (
    <header className="app-header">
      <Group gap={10} wrap="nowrap" className="brand">
        <Logo />
        <Text className="wordmark">kolmap</Text>
      </Group>
      <Divider orientation="vertical" mx={4} />
      <ProjectMenu />
      <Group gap={8} wrap="nowrap" ml="auto" className="header-actions">
        {!empty && <PersonSearch />}
        {!empty && <ScopeControl />}
        {!empty && <IdentityReview />}
        <Divider orientation="vertical" />
        <ImportButton />
        <ExportButton />
        <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'} openDelay={400}>
          <ActionIcon
            variant="default"
            size={30}
            onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            aria-label="Toggle colour theme"
          >
            {scheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
          </ActionIcon>
        </Tooltip>
      </Group>
    </header>
  );
}
