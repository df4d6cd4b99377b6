import { MIGRATIONS } from './migrations.js';

/**
 * The schema version this program writes: how many migrations it has. In the built program this
 * module is that number alone (bin/build.mjs, `schemaVersionOnly`): a command opening a file that
 * is up to date, every command but the first after an upgrade, loads none of the migrations.
 */
export const SCHEMA_VERSION = MIGRATIONS.length;
