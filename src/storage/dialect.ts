import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

/** The two database engines Tillit runs on. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Adds an auto-generated integer primary key. SQLite needs `integer primary key autoincrement`;
 * PostgreSQL uses an identity column. This is the one schema difference between the two.
 */
export function addIdColumn<T extends string>(
  dialect: DialectName,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  if (dialect === 'sqlite') {
    return table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) =>
      column.primaryKey().autoIncrement(),
    );
  }
  return table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) =>
    column.primaryKey().generatedByDefaultAsIdentity(),
  );
}
