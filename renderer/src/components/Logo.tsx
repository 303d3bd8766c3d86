// The kolmap mark: three linked nodes, one of them prominent (a KOL in their network).
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="logo-mark">
      <rect width="24" height="24" rx="6" className="logo-bg" />
      <path d="M8 16.5 L12.5 8.5 L17 15" className="logo-edge" />
      <path d="M8 16.5 L17 15" className="logo-edge" />
      <circle cx="12.5" cy="8.5" r="3.1" className="logo-node-main" />
      <circle cx="8" cy="16.5" r="2.1" className="logo-node" />
      <circle cx="17" cy="15" r="2.1" className="logo-node" />
    </svg>
  );
}
