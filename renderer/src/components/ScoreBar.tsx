// Inline score: a stacked bar of the score's parts (one colour per component, on a 0–100 track)
// and the number. The title lists the parts, so hovering a row explains its score.
import { COMPONENT_RULES, type RankedPerson } from '../../../shared/analytics/types';
import { COMPONENT_COLORS } from '../graph/palette';

export function ScoreBar({ person }: { person: RankedPerson }) {
  const title = person.breakdown
    .filter((b) => b.weight > 0)
    .map((b) => `${COMPONENT_RULES[b.component].label}: ${b.contribution.toFixed(1)}`)
    .join('\n');
  return (
    <span className="score-cell" title={`Score ${person.score.toFixed(1)}\n${title}`}>
      <span className="score-track">
        {person.breakdown.map((b) =>
          b.contribution > 0 ? (
            <span
              key={b.component}
              style={{
                width: `${Math.min(100, b.contribution)}%`,
                background: COMPONENT_COLORS[b.component],
              }}
            />
          ) : null,
        )}
      </span>
      <span className="score-value num">{person.score.toFixed(1)}</span>
    </span>
  );
}
