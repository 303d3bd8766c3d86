// The Mantine theme: a calm blue primary, Inter (bundled, no CDN), compact sizes for a data tool.
import {
  ActionIcon,
  Badge,
  Button,
  createTheme,
  Modal,
  NumberInput,
  Popover,
  Select,
  TextInput,
  Tooltip,
  type MantineColorsTuple,
} from '@mantine/core';

const brand: MantineColorsTuple = [
  '#ecf2ff',
  '#d9e2fb',
  '#b1c2f1',
  '#86a0e8',
  '#6383e1',
  '#4c71dd',
  '#3f67dc',
  '#3157c4',
  '#284db0',
  '#1b429c',
];

const FONT =
  '"Inter Variable", Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily: FONT,
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: FONT, fontWeight: '650' },
  defaultRadius: 'md',
  fontSizes: { xs: '0.6875rem', sm: '0.78125rem', md: '0.84375rem', lg: '0.9375rem', xl: '1.125rem' },
  lineHeights: { xs: '1.35', sm: '1.4', md: '1.5', lg: '1.5', xl: '1.5' },
  cursorType: 'pointer',
  components: {
    Button: Button.extend({ defaultProps: { radius: 'md' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { radius: 'md' } }),
    Badge: Badge.extend({ defaultProps: { radius: 'sm' } }),
    Tooltip: Tooltip.extend({ defaultProps: { withArrow: true, fz: 'xs' } }),
    Popover: Popover.extend({ defaultProps: { radius: 'md' } }),
    Modal: Modal.extend({ defaultProps: { radius: 'lg', centered: true } }),
    TextInput: TextInput.extend({ defaultProps: { radius: 'md' } }),
    NumberInput: NumberInput.extend({ defaultProps: { radius: 'md' } }),
    Select: Select.extend({ defaultProps: { radius: 'md' } }),
  },
});
