/** `13812345678` → `138****5678`: the only form of a phone number outside `resident show`. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null || phone === '') return null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length < 8) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Normalises a typed phone number: spaces and dashes dropped; undefined when it is no phone. */
export function normalisePhone(input: string): string | undefined {
  const p = input.replace(/[\s-]/g, '');
  return /^\+?\d{5,15}$/.test(p) ? p : undefined;
}
