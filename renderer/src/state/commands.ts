// UI commands that are not state: requests to open the file picker or focus the search, raised by
// keyboard shortcuts and by the desktop menu, handled by whichever component owns that element.
export type Command = 'open-import' | 'focus-search' | 'export-csv';

const handlers = new Map<Command, Set<() => void>>();

export function onCommand(command: Command, handler: () => void): () => void {
  const set = handlers.get(command) ?? new Set();
  handlers.set(command, set);
  set.add(handler);
  return () => set.delete(handler);
}

export function runCommand(command: Command): void {
  for (const handler of handlers.get(command) ?? []) handler();
}
