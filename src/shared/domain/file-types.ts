/**
 * The file formats the desk reads and writes, under the names the OS dialogs (extensions), browsers (MIME
 * types) and users (labels) know them by — one list, so a save filter, a drop zone and an HTTP header cannot
 * disagree about what a format is.
 */
export const FILE_TYPES = {
  csv: { extension: 'csv', mime: 'text/csv', label: 'CSV (UTF-8)' },
  xlsx: {
    extension: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel workbook',
  },
  // The only XML the desk writes is the Tally import file.
  xml: { extension: 'xml', mime: 'application/xml', label: 'Tally XML' },
  zip: { extension: 'zip', mime: 'application/zip', label: 'ZIP archive' },
  pdf: { extension: 'pdf', mime: 'application/pdf', label: 'PDF' },
  json: { extension: 'json', mime: 'application/json', label: 'JSON' },
} as const;

export type FileType = keyof typeof FILE_TYPES;

/** The two formats every table (export, error report, template, results list) can be written in. */
export const TABLE_FORMATS = ['csv', 'xlsx'] as const satisfies readonly FileType[];
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** What the import drop zone's file picker offers: sheets, plus .txt because banks often name CSVs so. */
export const SHEET_PICKER_ACCEPT = [
  `.${FILE_TYPES.csv.extension}`,
  '.txt',
  `.${FILE_TYPES.xlsx.extension}`,
  FILE_TYPES.csv.mime,
  FILE_TYPES.xlsx.mime,
].join(',');
