import { describe, expect, it } from "vitest";
import { emptyResult, fields, mergeResult, splitCsv, type ImportResult } from "./csvChunks";

const HEADER = "external_id;name;email;job_title";

function answer(lines: number[], outcome: "created" | "rejected" = "created"): ImportResult {
  return {
    dry_run: true,
    summary: { created: outcome === "created" ? lines.length : 0, updated: 0, unchanged: 0, rejected: outcome === "rejected" ? lines.length : 0 },
    lines: lines.map((line) => ({ line, external_id: null, outcome, person_id: null, errors: [] })),
  };
}

describe("splitCsv", () => {
  it("repeats the header in every chunk and keeps every record once", () => {
    const rows = Array.from({ length: 5 }, (_, i) => `e${i};Person ${i};;`);
    const { chunks, records } = splitCsv([HEADER, ...rows].join("\n"), 2);
    expect(records).toBe(5);
    expect(chunks.map((c) => c.records)).toEqual([2, 2, 1]);
    for (const chunk of chunks) expect(chunk.body.startsWith(`${HEADER}\n`)).toBe(true);
    expect(chunks[2]?.body).toBe(`${HEADER}\ne4;Person 4;;\n`);
  });

  it("drops the BOM, keeps CRLF endings and maps chunk lines to the file's lines", () => {
    const text = `\uFEFF${HEADER}\r\nå1;Søren Østergaard;;\r\nå2;Line Bækgaard;;\r\nå3;Åse Ærø;;\r\n`;
    const { chunks } = splitCsv(text, 2);
    expect(chunks[0]?.body).toBe(`${HEADER}\r\nå1;Søren Østergaard;;\r\nå2;Line Bækgaard;;\r\n`);
    expect([...(chunks[1]?.lineMap ?? [])]).toEqual([[2, 4]]);
  });

  it("keeps quoted fields with newlines and separators inside one record", () => {
    const text = [
      "external_id,name,job_title",
      'a1,"Hansen, Bo","Leder,\nteam ""Nord"""',
      "a2,Ida,Sygeplejerske",
      'a3,"Ny\r\nlinje",x',
      "a4,Eva,y",
    ].join("\n");
    const { chunks, records } = splitCsv(text, 1);
    expect(records).toBe(4);
    expect(chunks.map((c) => [...c.lineMap.values()])).toEqual([[2], [4], [5], [7]]);
    expect(fields('a1,"Hansen, Bo","Leder,\nteam ""Nord"""', ",")).toEqual(["a1", "Hansen, Bo", 'Leder,\nteam "Nord"']);
    expect(chunks[0]?.body).toBe('external_id,name,job_title\na1,"Hansen, Bo","Leder,\nteam ""Nord"""\n');
  });

  it("detects semicolon files even when names contain commas, and honours sep=", () => {
    expect(fields("e1;Hansen, Bo;", ";")).toEqual(["e1", "Hansen, Bo", ""]);
    const { chunks } = splitCsv("sep=,\nexternal_id;name\n1;x\n2;y\n", 1);
    expect(chunks[1]?.body).toBe("sep=,\nexternal_id;name\n2;y\n");
    expect([...(chunks[1]?.lineMap ?? [])]).toEqual([[3, 4]]);
  });

  it("skips blank lines but counts them for line numbers", () => {
    const { chunks, records } = splitCsv(`${HEADER}\n\na;A;;\n ; ;\nb;B;;`, 10);
    expect(records).toBe(2);
    expect([...(chunks[0]?.lineMap ?? [])]).toEqual([[2, 3], [3, 5]]);
    expect(chunks[0]?.body.endsWith("b;B;;\n")).toBe(true);
  });

  it("never splits records with the same external_id, so the server still refuses the repeat", () => {
    const { chunks } = splitCsv([HEADER, "x;1;;", "y;2;;", "X;3;;", "z;4;;"].join("\n"), 1);
    expect(chunks.map((c) => c.records)).toEqual([3, 1]);
  });

  it("gives one empty chunk for a header-only file", () => {
    expect(splitCsv(`${HEADER}\n`).chunks).toEqual([{ body: `${HEADER}\n`, lineMap: new Map(), records: 0 }]);
  });
});

describe("mergeResult", () => {
  it("sums the summaries and puts back the original line numbers in order", () => {
    const { chunks } = splitCsv([HEADER, "a;A;;", "", "b;B;;", "c;C;;"].join("\n"), 2);
    const [first, second] = chunks;
    if (!first || !second) throw new Error("two chunks expected");
    let total = mergeResult(emptyResult(true), answer([2, 3]), first);
    total = mergeResult(total, answer([2], "rejected"), second);
    expect(total.summary).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(total.lines.map((l) => [l.line, l.outcome])).toEqual([
      [2, "created"],
      [4, "created"],
      [5, "rejected"],
    ]);
  });
});
