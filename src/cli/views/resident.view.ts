import * as codes from '../../domain/codes.js';
import type { ResidentWithTags } from '../../db/resident.repository.js';
import { maskPhone } from '../../domain/phone.js';
import { formatInstant } from '../../domain/time.js';
import { WORDS } from '../i18n.js';
import { inLang } from '../../domain/errors.js';

/** The JSON of a resident; the phone is masked unless `fullPhone` (only `resident show`). */
export function residentRecord(r: ResidentWithTags, tz: string, fullPhone = false) {
  return {
    id: r.id,
    name: r.name,
    phone: fullPhone ? r.phone : maskPhone(r.phone),
    address: r.address,
    tags: r.tags,
    created_at: formatInstant(new Date(r.created_at), tz),
  };
}

export const tagLabels = (tags: string[], L: codes.Lang) =>
  tags.map((x) => codes.label(codes.residentTag, x, L)).join('、');

/** Residents in a table, as `resident list` and `find` show them: id, name, masked phone, address, tags. */
export const residentTable = (L: codes.Lang) => ({
  header: [
    inLang(WORDS.id, L),
    inLang(WORDS.resident, L),
    inLang(WORDS.phone, L),
    inLang(WORDS.address, L),
    inLang(WORDS.tags, L),
  ],
  cells: (r: ResidentWithTags) => [r.id, r.name, maskPhone(r.phone), r.address, tagLabels(r.tags, L)],
});
