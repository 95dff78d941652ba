// Compares a live PostgreSQL schema with prisma/schema.prisma, as Prisma's own
// parser (the schema wasm module, no engine binary) reads it. Used by the
// migration test to prove that our hand-applied SQL migrations produce exactly
// the database Prisma expects.
import wasm from '@prisma/prisma-schema-wasm';
import type pg from 'pg';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}

export interface TableShape {
  columns: Record<string, { type: string; nullable: boolean; hasDefault: boolean }>;
  indexes: Record<string, { columns: string[]; unique: boolean; primary: boolean }>;
  foreignKeys: Record<
    string,
    { columns: string[]; refTable: string; refColumns: string[]; onDelete: string; onUpdate: string }
  >;
}
export type SchemaShape = Record<string, TableShape>;

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Decimal: 'numeric(65,30)',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function nativeTypeName([name, args]: [string, string[]]): string {
  const a = args.join(',');
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'Char':
      return `character(${a})`;
    case 'VarChar':
      return a ? `character varying(${a})` : 'character varying';
    case 'Timestamptz':
      return `timestamp(${a || 6}) with time zone`;
    case 'Timestamp':
      return `timestamp(${a || 6}) without time zone`;
    case 'Date':
      return 'date';
    case 'Decimal':
      return `numeric(${a})`;
    case 'SmallInt':
      return 'smallint';
    case 'Integer':
      return 'integer';
    case 'BigInt':
      return 'bigint';
    case 'JsonB':
      return 'jsonb';
    case 'Json':
      return 'json';
    case 'ByteA':
      return 'bytea';
    default:
      throw new Error(`schema-diff: native type @db.${name} is not mapped yet`);
  }
}

const REFERENTIAL: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** `files`: [file name, contents] of every .prisma file of the schema folder. */
export function expectedShape(files: [string, string][]): SchemaShape {
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files, noColor: true }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const colOf = (m: DmmfModel, field: string) => {
    const f = m.fields.find((x) => x.name === field);
    if (!f) throw new Error(`schema-diff: ${m.name}.${field} not found`);
    return f.dbName ?? f.name;
  };
  const shape: SchemaShape = {};
  for (const m of dmmf.datamodel.models) {
    const t: TableShape = { columns: {}, indexes: {}, foreignKeys: {} };
    for (const f of m.fields) {
      if (f.kind === 'object') {
        if (f.relationFromFields && f.relationFromFields.length > 0) {
          const target = models.get(f.type)!;
          const cols = f.relationFromFields.map((x) => colOf(m, x));
          const optional = f.relationFromFields.some((x) => !m.fields.find((y) => y.name === x)!.isRequired);
          t.foreignKeys[`${tableOf(m)}_${cols.join('_')}_fkey`] = {
            columns: cols,
            refTable: tableOf(target),
            refColumns: (f.relationToFields ?? []).map((x) => colOf(target, x)),
            onDelete: REFERENTIAL[f.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict')]!,
            onUpdate: REFERENTIAL[f.relationOnUpdate ?? 'Cascade']!,
          };
        }
        continue;
      }
      const base = f.nativeType ? nativeTypeName(f.nativeType) : SCALAR_TYPES[f.type];
      if (!base) throw new Error(`schema-diff: type ${f.type} is not mapped yet`);
      // Defaults computed by the client (uuid(), cuid()) and @updatedAt leave no DB default.
      const fn = (f.default as { name?: string } | undefined)?.name;
      const dbDefault = f.hasDefaultValue && !(fn === 'uuid' || fn === 'cuid' || fn === 'nanoid' || fn === 'ulid');
      t.columns[f.dbName ?? f.name] = {
        type: f.isList ? `${base}[]` : base,
        nullable: !f.isRequired,
        hasDefault: dbDefault,
      };
    }
    shape[tableOf(m)] = t;
  }
  for (const idx of dmmf.datamodel.indexes) {
    const m = models.get(idx.model)!;
    const table = tableOf(m);
    const cols = idx.fields.map((x) => colOf(m, x.name));
    const suffix = idx.type === 'id' ? 'pkey' : idx.type === 'unique' ? 'key' : 'idx';
    const name = idx.dbName ?? (idx.type === 'id' ? `${table}_pkey` : `${table}_${cols.join('_')}_${suffix}`);
    shape[table]!.indexes[name] = { columns: cols, unique: idx.type !== 'normal', primary: idx.type === 'id' };
  }
  return shape;
}

export async function actualShape(
  client: pg.Client | pg.PoolClient,
  schema: string,
  ignoreTables: string[] = ['_prisma_migrations'],
): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const table = (name: string) => (shape[name] ??= { columns: {}, indexes: {}, foreignKeys: {} });
  const cols = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    has_default: boolean;
  }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, a.atthasdef AS has_default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema],
  );
  for (const r of cols.rows) {
    if (ignoreTables.includes(r.table_name)) continue;
    table(r.table_name).columns[r.column_name] = { type: r.type, nullable: !r.not_null, hasDefault: r.has_default };
  }
  const idx = await client.query<{
    table_name: string;
    index_name: string;
    columns: string[];
    unique: boolean;
    primary: boolean;
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1`,
    [schema],
  );
  for (const r of idx.rows) {
    if (ignoreTables.includes(r.table_name)) continue;
    table(r.table_name).indexes[r.index_name] = { columns: r.columns, unique: r.unique, primary: r.primary };
  }
  const fks = await client.query<{
    table_name: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    del: string;
    upd: string;
  }>(
    `SELECT t.relname AS table_name, con.conname AS name, rt.relname AS ref_table,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
            con.confdeltype AS del, con.confupdtype AS upd
       FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class rt ON rt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND con.contype = 'f'`,
    [schema],
  );
  const action: Record<string, string> = {
    a: 'NO ACTION',
    r: 'RESTRICT',
    c: 'CASCADE',
    n: 'SET NULL',
    d: 'SET DEFAULT',
  };
  for (const r of fks.rows) {
    if (ignoreTables.includes(r.table_name)) continue;
    table(r.table_name).foreignKeys[r.name] = {
      columns: r.columns,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
      onDelete: action[r.del]!,
      onUpdate: action[r.upd]!,
    };
  }
  return shape;
}

/** Human-readable differences, empty when the shapes match. */
export function diffShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[name];
    const a = actual[name];
    if (!e) {
      problems.push(`table ${name} exists in the database but not in schema.prisma`);
      continue;
    }
    if (!a) {
      problems.push(`table ${name} is in schema.prisma but missing from the database`);
      continue;
    }
    for (const part of ['columns', 'indexes', 'foreignKeys'] as const) {
      const ep = e[part] as Record<string, unknown>;
      const ap = a[part] as Record<string, unknown>;
      for (const key of new Set([...Object.keys(ep), ...Object.keys(ap)])) {
        if (!(key in ap))
          problems.push(`${name}: ${part} ${key} missing from the database (expected ${JSON.stringify(ep[key])})`);
        else if (!(key in ep))
          problems.push(
            `${name}: ${part} ${key} in the database but not in schema.prisma (${JSON.stringify(ap[key])})`,
          );
        else if (JSON.stringify(ep[key]) !== JSON.stringify(ap[key])) {
          problems.push(
            `${name}: ${part} ${key} differs: schema.prisma ${JSON.stringify(ep[key])} vs database ${JSON.stringify(ap[key])}`,
          );
        }
      }
    }
  }
  return problems;
}
