import { halfWidth } from './half-width.js';

/**
 * A house's address (房号) in one normal form, `building-unit-room` (`3-2-501`), however a clerk or
 * a sheet writes it: `3栋2单元501室`, `3幢2单元501`, `3号楼2单元501号`, `３－２－５０１`, `3/2/501`,
 * `A座1单元1201`. A building without units is `building-room` (`12-302`, from `12栋302`). Pure, so
 * that `find` (SPEC §12) reads addresses the same way.
 */
const BUILDING = '(?:\u53f7\u697c|\u680b|\u5e62|\u5ea7|\u53f7|\u697c)'; // 号楼 栋 幢 座 号 楼
const UNIT = '(?:\u5355\u5143|\u95e8)'; // 单元 门
const ROOM = '(?:\u5ba4|\u53f7|\u6237)?'; // 室 号 户
const PART = '([0-9A-Za-z]+)';

const WRITTEN = new RegExp(`^${PART}${BUILDING}(?:${PART}${UNIT})?${PART}${ROOM}$`);
const SEPARATED = /^([0-9A-Za-z]+)[-/\u2014\u2013_.]([0-9A-Za-z]+)(?:[-/\u2014\u2013_.]([0-9A-Za-z]+))?$/;

/** The normal form, or undefined when the text is no building-unit-room address. */
export function normaliseAddress(input: string): string | undefined {
  const text = halfWidth(input)
    .replace(/[\s\u3000]+/g, '')
    .replace(/^\u7b2c/, '')
    .toUpperCase();
  const written = WRITTEN.exec(text.replace(/(\u680b|\u5e62|\u5ea7|\u697c|\u5355\u5143)\u7b2c/g, '$1'));
  if (written) return join(written[1]!, written[2], written[3]!);
  const separated = SEPARATED.exec(text);
  if (separated)
    return separated[3] === undefined
      ? join(separated[1]!, undefined, separated[2]!)
      : join(separated[1]!, separated[2], separated[3]);
  return undefined;
}

/** Leading zeros dropped from numbers (`03-02-0501` is `3-2-501`); letters kept (`A-1-1201`). */
function join(building: string, unit: string | undefined, room: string): string {
  const clean = (part: string) => (/^\d+$/.test(part) ? String(Number(part)) : part);
  return [building, unit, room]
    .filter((p): p is string => p !== undefined)
    .map(clean)
    .join('-');
}

/** How people read the normal form: `3-2-501` → `3栋2单元501室` (`Bldg 3, Unit 2, Room 501`). */
export function addressLabel(normal: string, lang: 'zh' | 'en'): string {
  const parts = normal.split('-');
  const [building, unit, room] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  if (lang === 'zh') return `${building}栋${unit === undefined ? '' : `${unit}单元`}${room}室`;
  return `Bldg ${building}, ${unit === undefined ? '' : `Unit ${unit}, `}Room ${room}`;
}
