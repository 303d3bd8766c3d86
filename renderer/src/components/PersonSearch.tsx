// Find a person by name (Ctrl/Cmd+F): a searchable select over the people in scope (it lists the
// best-ranked matches of what is typed, never everyone); choosing a name selects the person, which
// opens their panel, scrolls the table and flies the map to them.
import { Group, Select, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RankedPerson } from '../../../shared/analytics/types';
import { selectPerson, store } from '../state/actions';
import { onCommand } from '../state/commands';
import { derive, peopleMatching } from '../state/selectors';
import { useShownResult } from '../state/shown';
import { useStore } from '../state/store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const EMPTY: RankedPerson[] = [];
/** Options in the list at most: the best-ranked matches (the combobox never holds everyone, issue 5). */
const SHOWN = 40;

export function PersonSearch() {
  const result = useShownResult();
  const selectedId = useStore(store, (s) => s.selection?.id ?? null);
  const inputRef = useRef<HTMLInputElement>(null);
  const people = result?.people ?? EMPTY;
  const selected = selectedId !== null && result ? derive(result).byId.get(selectedId) : undefined;
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  // The options are the matches of what is typed (the selected person's own name shows the top
  // people, as the box does when it opens on a selection), plus the selected person so their name shows.
  // While the list is closed only the selected person is an option: the select keeps its options
  // rendered, and a new result would otherwise re-render forty of them that nobody sees.
  const data = useMemo(() => {
    const list =
      result && opened
        ? peopleMatching(result, selected && search === selected.name ? '' : search, SHOWN)
        : EMPTY;
    const withSelected = selected && !list.includes(selected) ? [...list, selected] : list;
    return withSelected.map((p) => ({ value: p.id, label: p.name }));
  }, [result, search, selected, opened]);

  useEffect(
    () =>
      onCommand('focus-search', () => {
        inputRef.current?.focus();
        inputRef.current?.select();
      }),
    [],
  );

  return (
    <Select<number>
      ref={inputRef}
      size="xs"
      w={250}
      data={data}
      value={selectedId}
      onChange={(id) => selectPerson(id, 'search')}
      searchable
      // Enter picks the best-ranked match of what is typed (the first option), without an arrow key first.
      selectFirstOptionOnChange
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      clearable
      limit={SHOWN + 1}
      disabled={people.length === 0}
      placeholder={`Find a person…   ${isMac ? '⌘' : 'Ctrl+'}F`}
      nothingFoundMessage="Nobody by that name in this scope"
      leftSection={<IconSearch size={14} />}
      aria-label="Find a person"
      data-testid="person-search"
      className="person-search"
      comboboxProps={{ width: 320, position: 'bottom-start', shadow: 'md' }}
      maxDropdownHeight={360}
      renderOption={({ option }) => {
        const p = result ? derive(result).byId.get(option.value) : undefined;
        return (
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
            <Text size="xs" c="dimmed" w={48} ta="right" className="num" style={{ flexShrink: 0 }}>
              #{p?.rank}
            </Text>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" truncate>
                {option.label}
              </Text>
              {p?.institution && (
                <Text size="10.5px" c="dimmed" truncate>
                  {p.institution}
                </Text>
              )}
            </div>
          </Group>
        );
      }}
    />
  );
}
