import { isAboutField, naming, type Field, type FieldName } from '../domain/errors.js';

const flag = (spelled: string): FieldName => ({ zh: spelled, en: spelled, noun: spelled });

/**
 * The one place the CLI says which flag a use case's field is typed with: an error about a field
 * is told in the clerk's terms (`--note 为空`, `请给一个更晚的 --at`). A field without a flag here
 * keeps the domain's words (诉求内容为空: the summary is an argument, whose emptiness zod reports).
 */
const FLAGS: Partial<Record<Field, FieldName>> = {
  note: flag('--note'),
  reason: flag('--reason'),
  at: flag('--at'),
  due: flag('--due'),
  participants: flag('--participants'),
  qty: flag('--qty'),
  stock: flag('--stock'),
  month: flag('--month'),
  period: flag('--period'),
  resident: flag('--resident'),
  community: flag('--community'),
  code: flag('--code'),
  votes: {
    zh: '--for、--against、--abstain',
    en: '--for, --against and --abstain',
    noun: '--for, --against and --abstain',
  },
};

/** An error as the clerk reads it: a field named by its flag. */
export function inCliTerms(e: unknown): unknown {
  if (!isAboutField(e)) return e;
  const name = FLAGS[e.field];
  return name ? naming(e, name) : e;
}
