import { bi, UsageError, type Bilingual } from './errors.js';

/**
 * Text from the command line shown back to clerks. A control character in a summary
 * (`\e[2J\e]0;pwned\a`) would clear a clerk's screen or retitle the window when `list` printed
 * it: tables and cards show such characters visibly instead; JSON escapes them itself; names and
 * codes, which are typed and matched everywhere, may not hold them at all.
 */

/** C0 controls but the line break, DEL and the C1 controls. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
/** The same, keeping the colour codes hongwu paints itself (SGR only: no cursor, screen or title). */
const CONTROLS_BUT_COLOUR = /\u001b\[[0-9;]*m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** `\u001b` → `␛` (the Unicode control pictures), DEL → `␡`, a C1 control → `\u009b`. */
function picture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code <= 0x1f) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character shown as a visible sign; `colour` keeps hongwu's own colour codes. */
export function visible(text: string, colour = false): string {
  if (!CONTROL.test(text)) return text;
  return colour
    ? text.replace(CONTROLS_BUT_COLOUR, (m) => (m.length > 1 ? m : picture(m)))
    : text.replace(CONTROLS, picture);
}

/**
 * Characters that take no room and show nothing: zero-width spaces and joiners, direction marks,
 * the soft hyphen, the byte-order mark, Hangul fillers. A text of only these (and spaces) is blank.
 */
const INVISIBLE = new RegExp(
  String.raw`[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f` +
    String.raw`\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]`,
  'gu',
);

/** Nothing a reader could see: empty, spaces, or invisible characters alone. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

/** A name or code with a control character in it is refused (exit 2), saying which field. */
export function checkName(value: string, what: Bilingual): void {
  const found = CONTROL.exec(value);
  if (!found) return;
  throw new UsageError(
    bi(
      `${what.zh}“${visible(value)}”含控制字符 ${picture(found[0])}`,
      `${what.en} "${visible(value)}" holds a control character ${picture(found[0])}`,
    ),
    bi('名称和代码只能含可见字符，请重新输入', 'names and codes hold visible characters only: type it again'),
  );
}
