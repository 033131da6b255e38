import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ApiError } from '../../lib/errors.js';
import { toWireDate } from '../../lib/time.js';

// Spreadsheets in and out: CSV (UTF-8, or GB18030 as Excel on Chinese Windows saves it) and
// XLSX (the first worksheet). Both become the same table of strings, numbered as the user sees
// the rows in the spreadsheet (the header is row 1).

export const fileFormats = ['csv', 'xlsx'] as const;
export type FileFormat = (typeof fileFormats)[number];

export const contentTypes: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The largest table an import reads; larger files are split by the office. */
export const maxRows = 100_000;

export interface Table {
  header: string[];
  rows: { row: number; cells: string[] }[];
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

// Exports defuse cells that a spreadsheet would run as a formula; imports take the quote off.
const formulaStart = /^[=+@]|^-[^\d.]/;

function unquote(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function defuse(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

function unreadable(format: FileFormat, cause: unknown): ApiError {
  return new ApiError('BAD_REQUEST', {
    message: {
      zh: `无法读取该 ${format.toUpperCase()} 文件，请确认文件格式正确。`,
      en: `This ${format.toUpperCase()} file cannot be read; check its format.`,
    },
    cause,
  });
}

function tooLarge(): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', {
    message: {
      zh: `文件超过 ${String(maxRows)} 行，请拆分后分批导入。`,
      en: `The file has more than ${String(maxRows)} rows; split it and import the parts.`,
    },
  });
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value instanceof Date) return toWireDate(value).slice(0, 10);
  if (value === null || value === undefined) return '';
  return cell.text;
}

export async function readTable(bytes: Uint8Array, format: FileFormat): Promise<Table> {
  let grid: string[][];
  if (format === 'csv') {
    try {
      grid = parse(decodeText(bytes), { bom: true, relax_column_count: true });
    } catch (error) {
      throw unreadable(format, error);
    }
  } else {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch (error) {
      throw unreadable(format, error);
    }
    const sheet = workbook.worksheets[0];
    grid = [];
    if (sheet) {
      if (sheet.rowCount > maxRows + 1) throw tooLarge();
      for (let r = 1; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
        grid.push(cells);
      }
    }
  }
  if (grid.length > maxRows + 1) throw tooLarge();
  const [header = [], ...body] = grid;
  return {
    header: header.map((cell) => cell.trim()),
    rows: body
      .map((cells, index) => ({ row: index + 2, cells: cells.map((cell) => unquote(cell.trim())) }))
      .filter((entry) => entry.cells.some((cell) => cell !== '')),
  };
}

export interface SheetSpec {
  name: string;
  header: string[];
  rows: (string | number)[][];
  /** A second sheet explaining each column (templates). */
  notes?: { name: string; rows: string[][] };
}

/** CSV with a byte-order mark (so that Excel reads it as UTF-8), or an XLSX workbook. */
export async function writeTable(
  format: FileFormat,
  sheet: SheetSpec,
): Promise<Uint8Array<ArrayBuffer>> {
  const cells = sheet.rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' ? defuse(cell) : cell)),
  );
  if (format === 'csv') {
    return new TextEncoder().encode(`\uFEFF${stringify([sheet.header, ...cells])}`);
  }
  const workbook = new ExcelJS.Workbook();
  const main = workbook.addWorksheet(sheet.name);
  main.addRow(sheet.header).font = { bold: true };
  for (const row of cells) main.addRow(row);
  main.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(12, (sheet.header[i]?.length ?? 10) + 4));
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  main.views = [{ state: 'frozen', ySplit: 1 }];
  if (sheet.notes) {
    const notes = workbook.addWorksheet(sheet.notes.name);
    for (const row of sheet.notes.rows) notes.addRow(row);
    notes.getRow(1).font = { bold: true };
    notes.columns.forEach((column) => {
      column.width = 40;
      column.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
