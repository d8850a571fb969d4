import { describe, expect, it } from "vitest";
import { allPages } from "./client";
import { chunked } from "./people";

function response(status: number): Response {
  return new Response(null, { status });
}

describe("allPages", () => {
  it("follows next_cursor until the last page and keeps the order", async () => {
    const asked: (string | undefined)[] = [];
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      first: { items: [1, 2], next_cursor: "b" },
      b: { items: [3], next_cursor: "c" },
      c: { items: [4, 5], next_cursor: null },
    };
    const result = await allPages<number>(async (cursor) => {
      asked.push(cursor);
      return { data: pages[cursor ?? "first"], response: response(200) };
    });
    expect(asked).toEqual([undefined, "b", "c"]);
    expect(result.data?.items).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops at `most` items even when the server keeps giving cursors", async () => {
    let calls = 0;
    const result = await allPages<number>(async () => {
      calls += 1;
      return { data: { items: [calls], next_cursor: "again" }, response: response(200) };
    }, 3);
    expect(calls).toBe(3);
    expect(result.data?.items).toEqual([1, 2, 3]);
  });

  it("gives the problem of the first page that fails, not a partial list", async () => {
    const result = await allPages<number>(async (cursor) =>
      cursor
        ? { error: { title: "Forbidden", status: 403, detail: "no" }, response: response(403) }
        : { data: { items: [1], next_cursor: "x" }, response: response(200) },
    );
    expect(result.data).toBeUndefined();
    expect(result.problem?.status).toBe(403);
  });
});

describe("chunked", () => {
  it("splits ids into requests of at most the given size", () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunked([], 200)).toEqual([]);
  });
});
