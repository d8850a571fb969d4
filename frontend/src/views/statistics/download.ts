/**
 * The API's own CSV export (semicolons, decimal commas, BOM: what Danish Excel expects),
 * fetched through the typed client — so the bearer token goes along — and saved as a file.
 */
import { api, call, type Result } from "../../api/client";
import { toProblem } from "../../api/problem";
import type { MunicipalityFilters, MunicipalityStatistics, PartnerStatistics } from "./figures";

export { saveBlob } from "../../lib/files";

export function municipalityCsv(query: Partial<MunicipalityFilters>): Promise<Result<Blob>> {
  return call<Blob>(
    api.GET("/api/v1/statistics/municipality", {
      params: { query: { ...query, format: "csv" } },
      parseAs: "blob",
    }),
  );
}

export function partnerCsv(offeringId?: string): Promise<Result<Blob>> {
  return call<Blob>(
    api.GET("/api/v1/statistics/partner", {
      params: { query: { ...(offeringId ? { offering_id: offeringId } : {}), format: "csv" } },
      parseAs: "blob",
    }),
  );
}

/** "praksis-statistik-2026-11-29.csv": the day in the file name, for people who keep several. */
export function csvFilename(prefix: string, today: Date = new Date()): string {
  return `${prefix}-${today.toISOString().slice(0, 10)}.csv`;
}

/**
 * The statistics endpoints answer JSON or CSV, so the generated type of `data` is
 * `string | object`; the JSON view asks for JSON and refuses anything else.
 */
export function jsonOnly<T extends object>(result: Result<T | string>): Result<T> {
  if (result.problem) return result;
  if (typeof result.data === "string") {
    return { problem: toProblem(NOT_JSON_STATUS, { detail: "Expected JSON, got text." }) };
  }
  return { data: result.data };
}

const NOT_JSON_STATUS = 500;

export async function municipalityStatistics(
  query: Partial<MunicipalityFilters>,
): Promise<Result<MunicipalityStatistics>> {
  return jsonOnly(
    await call(
      api.GET("/api/v1/statistics/municipality", {
        params: { query },
        headers: { Accept: "application/json" },
      }),
    ),
  );
}

export async function partnerStatistics(offeringId?: string): Promise<Result<PartnerStatistics>> {
  return jsonOnly(
    await call(
      api.GET("/api/v1/statistics/partner", {
        params: { query: offeringId ? { offering_id: offeringId } : {} },
        headers: { Accept: "application/json" },
      }),
    ),
  );
}
