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
