import { normaliseAddress } from './address.js';

/**
 * What tells namesakes (two 张伟 of one community) apart when a sheet gives no full phone, as
 * hongwu's own exports do not (SPEC §3 masks every phone): the address, the masked phone
 * (`138****5678`) an export writes, and when the resident was registered (epoch ms): two of one name
 * at one address, imported from an export, keep no phone, and only their registration tells them apart.
 */
export interface NamesakeHints {
  address: string | null;
  masked: string | null;
  registered?: number | null;
}

/**
 * Whether a resident (their address, their phone as an export masks it, their registration) may be
 * the one a row describes: yes unless the row and the resident both give an address, a masked phone
 * or a registration, and these differ. A row that gives none may be any resident of the name.
 */
export function mayBe(resident: NamesakeHints, row: NamesakeHints): boolean {
  if (row.masked !== null && resident.masked !== null && row.masked !== resident.masked) return false;
  if (row.registered != null && resident.registered != null && seconds(row.registered) !== seconds(resident.registered))
    return false;
  return row.address === null || resident.address === null || sameAddress(row.address, resident.address);
}

/** `3-2-501` and `3栋2单元501室` are one address; other texts are compared as written. */
const sameAddress = (a: string, b: string) => (normaliseAddress(a) ?? a.trim()) === (normaliseAddress(b) ?? b.trim());

/** A registration to the second: `--labels` writes times without their milliseconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);
