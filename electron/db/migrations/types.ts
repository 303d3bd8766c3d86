// The shape of one numbered schema migration (see ./index.ts).
export interface Migration {
  /** 1, 2, 3...: consecutive, in order. */
  version: number;
  name: string;
  sql: string;
}
