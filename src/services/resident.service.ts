import { appendAudit, auditOf } from '../db/audit.repository.js';
import type { Tx } from '../db/connection.js';
import {
  backdateRegistration,
  backdateTag,
  findResidentById,
  findResidentsExact,
  insertResident,
  insertTag,
  listResidents,
  tagsOf,
  type ResidentWithTags,
} from '../db/resident.repository.js';
import type { Resident } from '../db/schema.js';
import type { ResidentTag } from '../domain/codes.js';
import { bi, refusalAbout, UsageError, zhWord } from '../domain/errors.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { maskPhone, normalisePhone, onlyDigits } from '../domain/phone.js';
import { loadNamePinyin } from './name-pinyin.js';
import { describeResident, residentByPhone, resolveResident } from './references.js';
import type { Scope } from './session.js';
import { checkName, isBlank } from '../domain/text.js';

export interface NewResidentInput {
  name: string;
  phone?: string;
  address?: string;
  tags?: ResidentTag[];
  /** When the community came to know the resident (`--at`: a long-standing 独居老人 registered today). */
  at?: Date;
}

export function checkedPhone(input: string | undefined): string | null {
  if (input === undefined || input.trim() === '') return null;
  const phone = normalisePhone(input);
  if (!phone) {
    // Digits, but too few or too many for a number (5 to 15 digits): say that, not "digits only".
    throw new UsageError(
      bi(`“${input}”不是电话号码`, `"${input}" is not a phone number`),
      onlyDigits(input)
        ? bi(
            '电话号码是 5 到 15 位数字，如 13812345678 或 0856-5221234',
            'a phone number has 5 to 15 digits, e.g. 13812345678 or 0856-5221234',
          )
        : bi('请只填数字，如 13812345678', 'give digits only, e.g. 13812345678'),
    );
  }
  return phone;
}

/** Registers a resident (inside the caller's transaction); a phone already on file is refused. */
export async function createResident(tx: Tx, scope: Scope, input: NewResidentInput): Promise<Resident> {
  const name = input.name.trim();
  if (isBlank(name)) throw new UsageError(bi('居民姓名不能为空', 'a resident needs a name'));
  checkName(name, bi('居民姓名', "the resident's name"));
  const phone = checkedPhone(input.phone);
  if (phone) {
    const owner = await residentByPhone(tx, scope.community.id, phone);
    if (owner) {
      throw refusalAbout('resident', (name) => ({
        text: bi(
          `电话 ${maskPhone(phone)} 已登记给 ${describeResident(owner)}`,
          `the phone ${maskPhone(phone)} already belongs to ${describeResident(owner)}`,
        ),
        hint: bi(
          `请直接用这位居民，如${zhWord(name.zh).trimEnd()} ${owner.id}`,
          `use that resident, e.g. ${name.noun} ${owner.id}`,
        ),
      }));
    }
  }
  const since = happenedAt(input.at, scope.now, scope.timeZone).toISOString();
  const resident = await insertResident(tx, {
    community_id: scope.community.id,
    name,
    phone,
    address: input.address?.trim() || null,
    created_at: since,
    ...(await loadNamePinyin())(name),
  });
  for (const tag of new Set(input.tags ?? [])) {
    await insertTag(tx, { resident_id: resident.id, tag, tagged_at: since, operator: scope.operator });
  }
  return resident;
}

/**
 * Registers a resident. Two residents may share a name (phones tell them apart); the ones already
 * on file under it come back as `namesakes`, for the clerk to be told.
 */
export async function addResident(
  tx: Tx,
  scope: Scope,
  input: NewResidentInput,
): Promise<ResidentWithTags & { namesakes: Resident[] }> {
  const namesakes = (await findResidentsExact(tx, scope.community.id, input.name.trim())).filter(
    (r) => r.name === input.name.trim(),
  );
  const resident = await createResident(tx, scope, input);
  return { ...resident, tags: [...new Set(input.tags ?? [])], namesakes };
}

export function residentList(scope: Scope, tag?: ResidentTag): Promise<ResidentWithTags[]> {
  return listResidents(scope.db, scope.community.id, tag);
}

/** Who saw a resident's full phone number: how many times, and the latest hundred (this one first). */
export type PhoneViews = Awaited<ReturnType<typeof auditOf>>;

const PHONE_SHOWN = 'resident.show';

/**
 * A resident's page, with the full phone number: the access is recorded in the audit log, and the
 * page says who has seen the number before (SPEC's personal data: that access is on record).
 */
export async function showResident(
  tx: Tx,
  scope: Scope,
  ref: string,
): Promise<ResidentWithTags & { phoneViews: PhoneViews | null }> {
  const resident = await resolveResident(tx, scope.community.id, ref);
  const subject = `resident:${resident.id}`;
  if (resident.phone) {
    await appendAudit(tx, {
      at: scope.now.toISOString(),
      operator: scope.operator,
      action: PHONE_SHOWN,
      subject,
      note: 'full phone number shown',
    });
  }
  const tags = await tagsOf(tx, [resident.id]);
  // Enough of the latest views for the page to show five operators' turns (PhoneViews).
  const phoneViews = resident.phone ? await auditOf(tx, subject, PHONE_SHOWN, 100) : null;
  return { ...resident, tags: tags.get(resident.id) ?? [], phoneViews };
}

/** What `resident tag` did: added the tag, dated one held since later back, or nothing. */
export type TagChange = 'added' | 'backdated' | 'unchanged';

/**
 * Tags a resident. `--at`: since when the resident belongs to the group (the report counts the tag
 * from then), also before the registration, which then moves back with it (SPEC §10: last month's
 * slips typed in today). A tag held already is dated back to an earlier `--at`, never forward.
 */
export async function tagResident(
  tx: Tx,
  scope: Scope,
  { resident: ref, tag, at }: { resident: string; tag: ResidentTag; at?: Date },
): Promise<{ resident: ResidentWithTags; change: TagChange }> {
  // `--at`: since when the resident belongs to the group (the report counts the tag from then). A tag
  // dated before the registration moves the registration back with it (SPEC §10, late entry).
  const since = happenedAt(at, scope.now, scope.timeZone).toISOString();
  const found = await resolveResident(tx, scope.community.id, ref);
  let change: TagChange = (await insertTag(tx, {
    resident_id: found.id,
    tag,
    tagged_at: since,
    operator: scope.operator,
  }))
    ? 'added'
    : 'unchanged';
  if (change === 'unchanged' && at && (await backdateTag(tx, found.id, tag, since))) change = 'backdated';
  if (change !== 'unchanged') await backdateRegistration(tx, found.id, since);
  const resident = (await findResidentById(tx, scope.community.id, found.id))!;
  const tags = await tagsOf(tx, [resident.id]);
  return { resident: { ...resident, tags: tags.get(resident.id) ?? [] }, change };
}
