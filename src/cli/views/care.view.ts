import type { CareServiceView } from '../../db/care.repository.js';
import * as codes from '../../domain/codes.js';
import { formatShort, formatStored } from '../../domain/time.js';
import type { Cli } from '../context.js';
import { renderTable } from '../../platform/table.js';
import { bi, inLang } from '../../domain/errors.js';
import { WORDS } from '../i18n.js';

/** The JSON of a care service (关爱服务). */
export function careRecord(c: CareServiceView, tz: string) {
  return {
    id: c.id,
    resident: c.resident_name,
    service: c.service,
    note: c.note,
    by: c.by_name,
    points: c.points,
    entry: c.ledger_id,
    at: formatStored(c.at, tz)!,
    operator: c.operator,
  };
}

/** A resident's latest care services, under their page (`resident show`). */
export function renderCareServices(cli: Cli, services: readonly CareServiceView[], tz: string): string {
  if (services.length === 0) return '';
  const L = cli.lang;
  const rows = services.map((c) => [
    formatShort(new Date(c.at), tz),
    codes.label(codes.careService, c.service, L),
    c.by_name ?? '',
    c.note ?? '',
  ]);
  const headers = [WORDS.time, bi('服务', 'Service'), WORDS.servedBy, WORDS.note].map((h) => inLang(h, L));
  return `\n${inLang(WORDS.care, L)}\n${renderTable(cli, headers, rows, { flexible: [3], wrapping: [3] })}`;
}
