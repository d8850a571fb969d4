/** Small pieces the HR programme, workshop and cohort views share. */
import { allPages, api, type Schemas } from "../../../api/client";
import { useQuery } from "../../../hooks/useQuery";
import { type Key, useI18n } from "../../../i18n";

export type Programme = Schemas["ProgrammeRead"];
export type ProgrammeKind = Schemas["ProgrammeKind"];
export type ProgrammeStatus = Schemas["ProgrammeStatus"];
export type Grading = Schemas["Grading"];

export const PROGRAMME_KINDS: readonly ProgrammeKind[] = [
  "udviklingsforloeb",
  "kompetencegivende_uddannelse",
  "kursus",
  "temadag",
  "fyraftensmoede",
  "ledersparring",
  "netvaerk",
];
export const GRADINGS: readonly Grading[] = ["none", "pass_fail", "danish_7_point"];

export function kindKey(kind: ProgrammeKind): Key {
  return `programmesAdmin.kinds.${kind}`;
}

export function statusKey(status: ProgrammeStatus): Key {
  return `programmesAdmin.statuses.${status}`;
}

/** A status as a DKFDS tag, so it is read and seen as the state it is. */
export function StatusTag({ status }: { status: ProgrammeStatus }) {
  const { t } = useI18n();
  return <span class={`praksis-status praksis-status-${status}`}>{t(statusKey(status))}</span>;
}

export function useKerneopgaver() {
  return useQuery(
    () => allPages((cursor) => api.GET("/api/v1/kerneopgaver", { params: { query: { limit: 200, cursor } } })),
    [],
  );
}

/** The competence frameworks (fagprofiler) with their competences, which goals are chosen from. */
export function loadFrameworks() {
  return allPages((cursor) => api.GET("/api/v1/competences", { params: { query: { limit: 200, cursor } } }));
}

/** The partner offerings the municipality takes part in (a programme may be linked to one). */
export function useOfferings() {
  return useQuery(
    () => allPages((cursor) => api.GET("/api/v1/partner-offerings", { params: { query: { limit: 200, cursor } } })),
    [],
  );
}

/** Comma- or line-separated text as a list, without blanks or repeats. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** One item per line, trimmed, blank lines left out. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
