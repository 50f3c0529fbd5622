/** Rows per table, for checking a restored backup against its manifest (hearth restore). */
import type { Client } from "@libsql/client";

export async function rowsInTable(client: Pick<Client, "execute">, table: string): Promise<number> {
  const result = await client.execute(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`);
  return Number(result.rows[0]?.n ?? -1);
}
