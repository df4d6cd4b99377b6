/** The formats of a document command (`report`, `today`): `--format` by its code or its name (`markdown`, 表格). */
export const FORMATS = ['table', 'md', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_NAMES = {
  labels: {
    table: { zh: '表格', en: 'text' },
    md: { zh: 'Markdown', en: 'markdown' },
    csv: { zh: 'CSV', en: 'csv' },
    json: { zh: 'JSON', en: 'json' },
  },
  codes: [...FORMATS],
};
