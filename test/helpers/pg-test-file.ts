import { afterAll } from 'vitest';
import { dropPgDatabases } from './pg-databases.js';

// Each test file of the PostgreSQL run (test/vitest.config.ts) drops the databases it made.
afterAll(dropPgDatabases);
