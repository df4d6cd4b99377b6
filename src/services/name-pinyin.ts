/** A resident's name in pinyin, as stored for `find` (migration 0019 describes the two columns). */
export interface NamePinyin {
  name_pinyin: string;
  name_initials: string;
}

/**
 * Loads the pinyin dictionary (pinyin-pro, a large module: only the commands that write residents
 * load it) and gives the speller: full pinyin and initials of a name, each the readings with the
 * surname read as a surname (单 shàn) and, where that differs, as a plain word (dan).
 */
export async function loadNamePinyin(): Promise<(name: string) => NamePinyin> {
  const { pinyin } = await import('pinyin-pro');
  const readings = (name: string, pattern: 'pinyin' | 'first') =>
    [
      ...new Set(
        (['head', 'off'] as const).map((surname) =>
          pinyin(name, { pattern, surname, toneType: 'none', type: 'array', v: true }).join('').toLowerCase(),
        ),
      ),
    ].join(' ');
  return (name) => ({ name_pinyin: readings(name, 'pinyin'), name_initials: readings(name, 'first') });
}
