/**
 * Splits a people CSV into chunks that `/people/import` can take one after another (so a
 * progress bar can move), and merges the per-line answers back with the line numbers of the
 * original file. Every chunk repeats the header (and an Excel `sep=` line, if any).
 */
import type { Schemas } from "../../../api/client";

export type ImportResult = Schemas["ImportResult"];
export type ImportLine = Schemas["ImportLine"];

/** One data record of the file: its text (may span lines) and the line it starts on. */
export interface CsvRecord {
  text: string;
  line: number;
  externalId: string;
}

export interface CsvChunk {
  body: string;
  /** The chunk's line number of each record → the original file's line number. */
  lineMap: ReadonlyMap<number, number>;
  records: number;
}

export interface SplitFile {
  chunks: CsvChunk[];
  records: number;
}

const SEP_HINT = /^sep=(.)\s*$/i;

/** Physical lines with their endings kept, so quoted newlines survive the round trip. */
function physicalLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r|$)/g)?.filter((line) => line !== "") ?? [];
}

function stripEnding(line: string): string {
  return line.replace(/\r?\n$|\r$/, "");
}

/** Whether a quote is left open at the end of `text` (a field continues on the next line). */
function quoteOpen(text: string, wasOpen: boolean): boolean {
  let open = wasOpen;
  for (const char of text) if (char === '"') open = !open;
  return open;
}

/** The fields of one record (RFC 4180 quoting: "" inside quotes is one quote). */
export function fields(record: string, separator: string): string[] {
  const result: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < record.length; index++) {
    const char = record[index];
    if (quoted) {
      if (char === '"' && record[index + 1] === '"') {
        current += '"';
        index++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      result.push(current);
      current = "";
    } else current += char;
  }
  result.push(current);
  return result;
}

/** The separator the server will choose: the `sep=` hint, else `;` if the header has more. */
export function separatorOf(header: string, hint?: string): string {
  if (hint) return hint;
  const semicolons = header.split(";").length;
  const commas = header.split(",").length;
  return semicolons > commas ? ";" : ",";
}

interface Parsed {
  preamble: string;
  records: CsvRecord[];
}

function parse(text: string): Parsed {
  const lines = physicalLines(text.replace(/^\uFEFF/, ""));
  let first = 0;
  const hint = SEP_HINT.exec(stripEnding(lines[0] ?? ""))?.[1];
  if (hint) first = 1;
  const header = lines[first] ?? "";
  const separator = separatorOf(header, hint);
  const idColumn = fields(stripEnding(header), separator).map((name) => name.trim().toLowerCase()).indexOf("external_id");
  const preamble = lines.slice(0, first + 1).map((line) => (/[\r\n]$/.test(line) ? line : `${line}\n`)).join("");
  const records: CsvRecord[] = [];
  let index = first + 1;
  while (index < lines.length) {
    const start = index;
    let open = quoteOpen(lines[index] ?? "", false);
    index++;
    while (open && index < lines.length) {
      open = quoteOpen(lines[index] ?? "", open);
      index++;
    }
    const recordText = lines.slice(start, index).join("");
    const cells = fields(stripEnding(recordText), separator);
    if (cells.every((cell) => cell.trim() === "")) continue; // the server skips them too
    records.push({
      text: /[\r\n]$/.test(recordText) ? recordText : `${recordText}\n`,
      line: start + 1,
      externalId: idColumn >= 0 ? (cells[idColumn] ?? "").trim() : "",
    });
  }
  return { preamble, records };
}

/**
 * End positions of the chunks: about `size` records each, but records sharing an external_id
 * always land in the same chunk, so the server still refuses an id repeated in the file.
 */
function boundaries(records: readonly CsvRecord[], size: number): number[] {
  const last = new Map<string, number>();
  records.forEach((record, index) => {
    if (record.externalId) last.set(record.externalId.toLowerCase(), index);
  });
  const ends: number[] = [];
  let start = 0;
  let reach = -1;
  records.forEach((record, index) => {
    reach = Math.max(reach, record.externalId ? (last.get(record.externalId.toLowerCase()) ?? index) : index);
    if (index === reach && index - start + 1 >= size) {
      ends.push(index + 1);
      start = index + 1;
    }
  });
  if (start < records.length) ends.push(records.length);
  return ends;
}

function chunkOf(preamble: string, records: readonly CsvRecord[]): CsvChunk {
  const lineMap = new Map<number, number>();
  let line = physicalLines(preamble).length + 1;
  for (const record of records) {
    lineMap.set(line, record.line);
    line += physicalLines(record.text).length;
  }
  return { body: preamble + records.map((record) => record.text).join(""), lineMap, records: records.length };
}

/** The file as chunks of about `size` data records, each with the header in front. */
export function splitCsv(text: string, size = 50): SplitFile {
  const { preamble, records } = parse(text);
  const chunks: CsvChunk[] = [];
  let start = 0;
  for (const end of boundaries(records, Math.max(1, size))) {
    chunks.push(chunkOf(preamble, records.slice(start, end)));
    start = end;
  }
  if (chunks.length === 0) chunks.push({ body: preamble, lineMap: new Map(), records: 0 });
  return { chunks, records: records.length };
}

export function emptyResult(dryRun: boolean): ImportResult {
  return { dry_run: dryRun, summary: { created: 0, updated: 0, unchanged: 0, rejected: 0 }, lines: [] };
}

/** Adds one chunk's answer to the whole file's result, with the original line numbers. */
export function mergeResult(total: ImportResult, part: ImportResult, chunk: CsvChunk): ImportResult {
  const lines = part.lines.map((line) => ({ ...line, line: chunk.lineMap.get(line.line) ?? line.line }));
  return {
    dry_run: part.dry_run,
    summary: {
      created: total.summary.created + part.summary.created,
      updated: total.summary.updated + part.summary.updated,
      unchanged: total.summary.unchanged + part.summary.unchanged,
      rejected: total.summary.rejected + part.summary.rejected,
    },
    lines: [...total.lines, ...lines].sort((a, b) => a.line - b.line),
  };
}
