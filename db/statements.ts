import type { Statement } from 'better-sqlite3';
import type { Db } from './client.ts';

// Compiled statements kept per connection. Building a drizzle query and preparing it in SQLite
// costs 50-300 µs per call (measured: session check 288 µs, list query prepare 44 µs), more than
// running a lookup by key; hot paths (session check, registry list) prepare once and reuse.

const MAX_RAW = 500;
const rawByConnection = new WeakMap<object, Map<string, Statement>>();
const builtByConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A prepared better-sqlite3 statement for `sql`, compiled once per connection. The cache is
 * bounded (oldest out first) because list queries vary with the filters in use. Callers must not
 * switch a cached statement's mode (pluck/raw/expand) unless every caller of that SQL does.
 */
export function statement(db: Db, sql: string): Statement {
	let cache = rawByConnection.get(db.$client);
	if (!cache) rawByConnection.set(db.$client, (cache = new Map()));
	let stmt = cache.get(sql);
	if (!stmt) {
		if (cache.size >= MAX_RAW) cache.delete(cache.keys().next().value as string);
		stmt = db.$client.prepare(sql);
		cache.set(sql, stmt);
	}
	return stmt;
}

/**
 * A drizzle prepared query (built with `sql.placeholder`), built once per connection under `key`.
 * `key` must be unique per query shape (use the function's module and name).
 */
export function preparedQuery<T>(db: Db, key: string, build: (db: Db) => T): T {
	let cache = builtByConnection.get(db.$client);
	if (!cache) builtByConnection.set(db.$client, (cache = new Map()));
	let q = cache.get(key) as T | undefined;
	if (q === undefined) {
		q = build(db);
		cache.set(key, q);
	}
	return q;
}

/**
 * Changes whenever the database may have changed: rows written by this connection
 * (total_changes(), triggers included) or a commit by any other connection or process
 * (PRAGMA data_version). Two equal values mean nothing was written in between.
 */
export function databaseVersion(db: Db): string {
	const changes = statement(db, 'SELECT total_changes()').pluck().get() as number;
	const version = statement(db, 'PRAGMA data_version').pluck().get() as number;
	return `${version}:${changes}`;
}

const CACHE_MAX = 1000;
const readCaches = new WeakMap<object, { version: string; values: Map<string, unknown> }>();

/**
 * `compute()`'s result, kept per connection under `key` until anything is written to the
 * database (see databaseVersion); bounded (the whole cache is dropped when full). For reads
 * that are repeated far more often than the data changes: the count of a filtered list while
 * paging through it, the choices of a filter form.
 */
export function cachedUntilWrite<T>(db: Db, key: string, compute: () => T): T {
	const version = databaseVersion(db);
	let cache = readCaches.get(db.$client);
	if (!cache || cache.version !== version) readCaches.set(db.$client, (cache = { version, values: new Map() }));
	if (cache.values.has(key)) return cache.values.get(key) as T;
	const value = compute();
	if (cache.values.size >= CACHE_MAX) cache.values.clear();
	cache.values.set(key, value);
	return value;
}
