// Papers per year as a small bar chart in plain SVG (no chart library for ten bars). Years without
// papers inside the span are drawn as gaps, so the rhythm of output is visible.
import { Text } from '@mantine/core';

/** Axis labels: first and last year, round years between, none closer than ~¾ of a step to another. */
function ticks(first: number, last: number, every: number): number[] {
  const out = [first];
  for (let y = Math.ceil((first + 1) / every) * every; y < last; y += every) {
    if (y - (out[out.length - 1] ?? first) >= every * 0.75 && last - y >= every * 0.75) out.push(y);
  }
  if (last !== first) out.push(last);
  return out;
}

export function YearChart({ counts, height = 64 }: { counts: Map<number, number>; height?: number }) {
  const years = [...counts.keys()];
  if (years.length === 0) return null;
  const first = Math.min(...years);
  const last = Math.max(...years);
  const span = last - first + 1;
  const max = Math.max(...counts.values());
  const width = 100;
  const gap = span > 30 ? 0.3 : 1;
  const bar = (width - gap * (span - 1)) / span;
  const labelEvery = span <= 8 ? 1 : span <= 16 ? 2 : span <= 30 ? 5 : 10;
  return (
    <div className="year-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={height}
        role="img"
        aria-label={`Papers per year, ${first} to ${last}`}
      >
        {Array.from({ length: span }, (_, i) => {
          const year = first + i;
          const n = counts.get(year) ?? 0;
          const h = n === 0 ? 0 : Math.max(2, (n / max) * (height - 2));
          return (
            <rect
              key={year}
              x={i * (bar + gap)}
              y={height - h}
              width={bar}
              height={h}
              rx={0.6}
              className="year-bar"
            >
              <title>{`${year}: ${n} paper${n === 1 ? '' : 's'}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="year-axis">
        {ticks(first, last, labelEvery).map((y) => (
          <Text
            key={y}
            size="10px"
            c="dimmed"
            className="year-tick"
            style={{ left: `${(((y - first) * (bar + gap) + bar / 2) / width) * 100}%` }}
          >
            {y}
          </Text>
        ))}
      </div>
    </div>
  );
}
