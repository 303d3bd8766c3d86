// Stored map layouts (migration 8): the position of every drawn person under a layout key, so a
// reopened map looks the same. Saving a key replaces its positions; only the most recently saved
// MAX_LAYOUTS keys are kept (each scope and drawn set has its own), so the file does not grow forever.
import type { LayoutPosition, StoredLayout } from '../../shared/api';
import type { Db } from './connection';

export const MAX_LAYOUTS = 32;

export class LayoutStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      head: db.prepare<[string], { nodes: number; updated_at: string }>(
        `SELECT nodes, updated_at FROM layouts WHERE layout_key = ?`,
      ),
      positions: db.prepare<[string], [number, number, number]>(
        `SELECT author_id, x, y FROM layout_positions WHERE layout_key = ? ORDER BY author_id`,
      ),
      remove: db.prepare<[string]>(`DELETE FROM layouts WHERE layout_key = ?`),
      insertHead: db.prepare<[string, number, string]>(
        `INSERT INTO layouts (layout_key, nodes, updated_at) VALUES (?, ?, ?)`,
      ),
      insertPosition: db.prepare<[string, number, number, number]>(
        `INSERT OR REPLACE INTO layout_positions (layout_key, author_id, x, y) VALUES (?, ?, ?, ?)`,
      ),
      prune: db.prepare<[number]>(
        `DELETE FROM layouts WHERE layout_key NOT IN
           (SELECT layout_key FROM layouts ORDER BY updated_at DESC, rowid DESC LIMIT ?)`,
      ),
    };
  }

  /** The positions stored under a key, by person id; null when none are. */
  get(key: string): StoredLayout | null {
    const head = this.st.head.get(key);
    if (!head) return null;
    const positions = this.st.positions.raw().all(key) as LayoutPosition[];
    return { key, positions, updatedAt: head.updated_at };
  }

  /** Replaces the positions stored under a key (one transaction). */
  save(key: string, positions: readonly LayoutPosition[]): StoredLayout {
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        this.st.remove.run(key);
        this.st.insertHead.run(key, positions.length, now);
        for (const [id, x, y] of positions) this.st.insertPosition.run(key, id, x, y);
        this.st.prune.run(MAX_LAYOUTS);
      })
      .immediate();
    return this.get(key) as StoredLayout;
  }
}
