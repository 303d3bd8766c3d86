// A community marker: its map colour and its short name (C1 = the largest community).
import { MINOR_COMMUNITY_COLOR } from '../graph/palette';

export function CommunityDot({ color, label }: { color: string | undefined; label: string }) {
  return (
    <span className="community-cell">
      <span className="dot" style={{ background: color ?? MINOR_COMMUNITY_COLOR }} />
      <span>{label}</span>
    </span>
  );
}

/**
 * A community's short name: C1, C2, ... by size; a community the page does not hold (outside a huge
 * result's loaded head, issue 8) by its id, #id, which still tells two people apart.
 */
export function communityLabel(style: { ordinal: number } | undefined, id: number): string {
  return style ? `C${style.ordinal}` : `#${id}`;
}
