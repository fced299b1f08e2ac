// A deals export shaped like Pipedrive's "Export deals" file, for the import specs:
// decorated headings, Pipedrive's own deal IDs, values with a decimal comma (quoted, as
// the file is comma-separated), the pipeline called "Sales", a stage misspelt on every
// fourth row, month-first dates, one person per deal, 25 organisations and a select
// custom field. Rows 7 and 8 are in USD and row 11 is empty.
export const PIPEDRIVE_HEADINGS = [
  'Deal - ID',
  'Deal - Title',
  'Deal - Value',
  'Deal - Currency',
  'Deal - Pipeline',
  'Deal - Stage',
  'Deal - Status',
  'Deal - Owner',
  'Person - Name',
  'Person - Email',
  'Organization - Name',
  'Deal - Expected close date',
  'Deal - Treatment (custom)',
];

const STAGES = ['Prospecting', 'Qualification', 'Negotation', 'Proposal'];
const TREATMENTS = ['Implant', 'whitening', 'Cleaning'];

/** The value of row `i` as Pipedrive writes it: 19007,01 for row 1. */
export function pipedriveValue(i: number): string {
  return `${19000 + i * 7},${String(i % 100).padStart(2, '0')}`;
}

export function pipedriveExport(rows: number, owner: string): Buffer {
  const lines = [PIPEDRIVE_HEADINGS.join(',')];
  for (let i = 1; i <= rows; i++) {
    if (i === 11) {
      lines.push(','.repeat(PIPEDRIVE_HEADINGS.length - 1));
      continue;
    }
    lines.push(
      [
        String(4100 + i),
        `Deal ${i}`,
        `"${pipedriveValue(i)}"`,
        i === 7 || i === 8 ? 'USD' : 'EUR',
        'Sales',
        STAGES[i % 4],
        i % 10 === 0 ? 'Won' : 'Open',
        owner,
        `Person ${i}`,
        `person${i}@client${i % 25}.test`,
        `Client ${i % 25} Ltd`,
        `${1 + (i % 12)}/${13 + (i % 15)}/2026`,
        TREATMENTS[i % 3],
      ].join(','),
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}
