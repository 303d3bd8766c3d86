// Tier badge: intensity follows importance (T1 filled, T2 light, T3 outline, T4 quiet grey).
import { Badge, type MantineSize } from '@mantine/core';
import type { Tier } from '../../../shared/analytics/types';

const STYLE: Record<
  Tier,
  { variant: 'filled' | 'light' | 'outline' | 'default'; color: string; title: string }
> = {
  T1: { variant: 'filled', color: 'brand', title: 'Tier 1: top 5% by score' },
  T2: { variant: 'light', color: 'brand', title: 'Tier 2: next 15% by score' },
  T3: { variant: 'outline', color: 'gray', title: 'Tier 3: next 30% by score' },
  T4: { variant: 'light', color: 'gray', title: 'Tier 4: the rest' },
};

export function TierBadge({ tier, size = 'sm' }: { tier: Tier; size?: MantineSize }) {
  const s = STYLE[tier];
  return (
    <Badge
      size={size}
      radius="sm"
      variant={s.variant}
      color={s.color}
      title={s.title}
      className="tier-badge"
      data-tier={tier}
    >
      {tier}
    </Badge>
  );
}
