// An active filter shown as a chip with a close button (the ranking's place and territory chips, the
// places view's chips): one look and one way to take the filter off.
import { Badge, CloseButton } from '@mantine/core';
import type { ReactNode } from 'react';

export function FilterChip({
  children,
  onRemove,
  removeLabel,
  color,
  title,
  testId,
  place,
}: {
  children: ReactNode;
  onRemove: () => void;
  /** The close button's accessible name, e.g. "Clear the place filter". */
  removeLabel: string;
  color?: string;
  title?: string;
  testId: string;
  /** data-place, for a chip that stands for one place. */
  place?: string;
}) {
  return (
    <Badge
      size="md"
      variant="light"
      color={color}
      tt="none"
      pr={3}
      rightSection={
        <CloseButton size={16} variant="transparent" onClick={onRemove} aria-label={removeLabel} />
      }
      data-testid={testId}
      data-place={place}
      title={title}
    >
      {children}
    </Badge>
  );
}

/** "Germany" for one label, "Germany +2" for three. */
export function firstAndMore(labels: readonly string[]): string {
  return labels.length > 1 ? `${labels[0]} +${labels.length - 1}` : (labels[0] ?? '');
}
