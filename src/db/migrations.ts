import type { Kysely } from 'kysely';
import * as m0001 from '../../migrations/0001_initial.js';
import * as m0002 from '../../migrations/0002_points.js';
import * as m0003 from '../../migrations/0003_meetings.js';
import * as m0004 from '../../migrations/0004_report_indexes.js';
import * as m0005 from '../../migrations/0005_intake_due.js';
import * as m0006 from '../../migrations/0006_bench_indexes.js';
import * as m0007 from '../../migrations/0007_reopened_demands.js';
import * as m0008 from '../../migrations/0008_list_by_status.js';
import * as m0009 from '../../migrations/0009_ledger_no_replace.js';
import * as m0010 from '../../migrations/0010_audit_by_subject.js';
import * as m0011 from '../../migrations/0011_audit_append_only.js';
import * as m0012 from '../../migrations/0012_working_days.js';
import * as m0013 from '../../migrations/0013_pause.js';
import * as m0014 from '../../migrations/0014_return_visits.js';
import * as m0015 from '../../migrations/0015_care_services.js';
import * as m0016 from '../../migrations/0016_houses.js';
import * as m0017 from '../../migrations/0017_fees.js';
import * as m0018 from '../../migrations/0018_analyst_views.js';
import * as m0019 from '../../migrations/0019_name_pinyin.js';
import * as m0020 from '../../migrations/0020_report_candidates.js';
import * as m0021 from '../../migrations/0021_report_months.js';
import * as m0022 from '../../migrations/0022_report_months_writes.js';
import * as m0023 from '../../migrations/0023_open_work_complaints.js';

export interface Migration {
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/** Every migration, in order; the schema version of a file is how many of them it has had. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '0001_initial', ...m0001 },
  { name: '0002_points', ...m0002 },
  { name: '0003_meetings', ...m0003 },
  { name: '0004_report_indexes', ...m0004 },
  { name: '0005_intake_due', ...m0005 },
  { name: '0006_bench_indexes', ...m0006 },
  { name: '0007_reopened_demands', ...m0007 },
  { name: '0008_list_by_status', ...m0008 },
  { name: '0009_ledger_no_replace', ...m0009 },
  { name: '0010_audit_by_subject', ...m0010 },
  { name: '0011_audit_append_only', ...m0011 },
  { name: '0012_working_days', ...m0012 },
  { name: '0013_pause', ...m0013 },
  { name: '0014_return_visits', ...m0014 },
  { name: '0015_care_services', ...m0015 },
  { name: '0016_houses', ...m0016 },
  { name: '0017_fees', ...m0017 },
  { name: '0018_analyst_views', ...m0018 },
  { name: '0019_name_pinyin', ...m0019 },
  { name: '0020_report_candidates', ...m0020 },
  { name: '0021_report_months', ...m0021 },
  { name: '0022_report_months_writes', ...m0022 },
  { name: '0023_open_work_complaints', ...m0023 },
];
