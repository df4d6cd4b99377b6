/**
 * What a Chinese input method types in place of ASCII when left in full-width mode (全角):
 * `２０２６１１－０００１`, `２２：００`, `１３８…`. Codes, numbers, dates and phone numbers are
 * read through this; free text (summaries, names, notes) is kept exactly as typed.
 */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

export function halfWidth(text: string): string {
  if (!FULL_WIDTH.test(text)) return text;
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}
