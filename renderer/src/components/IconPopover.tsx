// An icon button with a tooltip that opens a popover (the map's settings, the ranking's columns). The
// tooltip wraps the popover's target, so the button itself carries the popover's aria-expanded (the
// app's Escape closes an open popover from its button by it), and it is hidden while the popover is
// open, so that the first Escape closes the popover, not the tooltip.
import { ActionIcon, Popover, Tooltip, type PopoverProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';

export function IconPopover(props: {
  /** The tooltip and the button's accessible name. */
  label: string;
  testId: string;
  icon: ReactNode;
  /** The button's size in px. */
  size: number;
  width: number;
  position: PopoverProps['position'];
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Popover
      position={props.position}
      shadow="md"
      width={props.width}
      withArrow
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
    >
      <Tooltip label={props.label} openDelay={300} disabled={open}>
        <Popover.Target>
          <ActionIcon variant="default" size={props.size} aria-label={props.label} data-testid={props.testId}>
            {props.icon}
          </ActionIcon>
        </Popover.Target>
      </Tooltip>
      <Popover.Dropdown>{props.children}</Popover.Dropdown>
    </Popover>
  );
}
