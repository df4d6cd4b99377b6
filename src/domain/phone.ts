import { halfWidth } from './half-width.js';

/** `13812345678` → `138****5678`: the only form of a phone number outside `resident show`. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null || phone === '') return null;
  const digits = phone.replace(/\s+/g, '');
  const n = digits.length;
  // A mobile, or a landline with its area code, as SPEC §3 writes it (138****5678); a shorter
  // number shows no more than half of itself: a local landline its last four, a short one its last two.
  if (n >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const shown = n >= 8 ? 4 : n >= 4 ? 2 : 0;
  return `${'*'.repeat(n - shown)}${digits.slice(n - shown)}`;
}

/**
 * The forms a normalised number may have been stored in by earlier versions, which kept a mainland
 * mobile's country code as typed (`+8613900001111`): looked up too, so that no number is
 * registered twice.
 */
export function storedForms(phone: string): string[] {
  return /^1\d{10}$/.test(phone) ? [phone, `+86${phone}`, `0086${phone}`, `86${phone}`] : [phone];
}

/**
 * Normalises a typed phone number: full-width digits read as digits, spaces, dashes and brackets
 * dropped, and the country code of a mainland mobile number (`+86 139…`, `86139…`, `0086139…`)
 * too, so that a number is one text however it was typed; undefined when it is no phone.
 */
export function normalisePhone(input: string): string | undefined {
  const p = phoneSymbols(input);
  const mobile = /^(?:\+?86|0086)(1\d{10})$/.exec(p);
  if (mobile) return mobile[1];
  return /^\+?\d{5,15}$/.test(p) ? p : undefined;
}

/** A typed phone number as its digits and `+`: full-width forms read, spaces, dashes and brackets dropped. */
export function phoneSymbols(input: string): string {
  return halfWidth(input).replace(/[\s\-()]/g, '');
}

/** Whether a text that is no phone number is at least all digits (then it has too few or too many). */
export const onlyDigits = (input: string) => /^\+?\d+$/.test(phoneSymbols(input));
