// Renderer entry: fonts and styles (all bundled; the CSP allows no remote content), the Mantine
// providers and the app.
import '@fontsource-variable/inter';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles/app.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ShownProvider } from './state/shown';
import { theme } from './theme';

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <ShownProvider>
        <App />
      </ShownProvider>
    </MantineProvider>
  </StrictMode>,
);
