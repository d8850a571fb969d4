/**
 * The municipality's statistics (HR: everyone; a leader: their own units) as charts, each with
 * its table and the API's CSV: funnel, completion and attendance per org unit / kerneopgave /
 * programme, Kirkpatrick 1–3 side by side and the grade distribution.
 */
import { useState } from "preact/hooks";
import { allPages, api } from "../../api/client";
import { type Option, SelectField, TextField } from "../../components/Fields";
import { FactList } from "../../components/FactList";
import { Async, EmptyState } from "../../components/Feedback";
import { BarChart, LineChart } from "../../components/charts/Charts";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { CsvButton, useCsv } from "./CsvButton";
import { csvFilename, municipalityCsv, municipalityStatistics } from "./download";
import {
  FUNNEL_STEPS,
  type FunnelStep,
  type MunicipalityFilters,
  type MunicipalityStatistics,
  NO_FILTERS,
  filterQuery,
  funnelChart,
  gradesChart,
  ratesChart,
  ratingsOverTimeChart,
  reactionChart,
} from "./figures";

function useOptions(load: () => Promise<Option[]>): Option[] {
  const options = useQuery(async () => ({ data: await load() }), []);
  return options.data ?? [];
}

/** Filter choices; a list the caller may not read (a leader and org units) stays empty. */
function useFilterOptions() {
  const programmes = useOptions(async () => {
    const result = await allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, cursor } } }));
    return (result.data?.items ?? []).map((row) => ({ value: row.id, label: row.title }));
  });
  const kerneopgaver = useOptions(async () => {
    const result = await allPages((cursor) => api.GET("/api/v1/kerneopgaver", { params: { query: { limit: 200, cursor } } }));
    return (result.data?.items ?? []).map((row) => ({ value: row.id, label: row.title }));
  });
  const orgUnits = useOptions(async () => {
    const result = await allPages((cursor) => api.GET("/api/v1/org-units", { params: { query: { limit: 200, cursor } } }));
    return (result.data?.items ?? []).map((row) => ({ value: row.id, label: row.name }));
  });
  return { programmes, kerneopgaver, orgUnits };
}

function Filters(props: { onApply: (filters: MunicipalityFilters) => void }) {
  const { t } = useI18n();
  const options = useFilterOptions();
  const [draft, setDraft] = useState<MunicipalityFilters>(NO_FILTERS);
  const set = (key: keyof MunicipalityFilters) => (value: string) =>
    setDraft({ ...draft, [key]: value });
  return (
    <form
      class="stats-filters"
      aria-labelledby="stats-filters-heading"
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(draft);
      }}
    >
      <h2 id="stats-filters-heading" class="h3">
        {t("statistics.filters")}
      </h2>
      <div class="stats-filter-grid">
        <SelectField
          id="filter-programme"
          label={t("statistics.programme")}
          options={options.programmes}
          placeholder={t("statistics.all")}
          value={draft.programme_id}
          onChange={set("programme_id")}
        />
        <SelectField
          id="filter-kerneopgave"
          label={t("statistics.kerneopgave")}
          options={options.kerneopgaver}
          placeholder={t("statistics.all")}
          value={draft.kerneopgave_id}
          onChange={set("kerneopgave_id")}
        />
        <SelectField
          id="filter-org-unit"
          label={t("statistics.orgUnit")}
          options={options.orgUnits}
          placeholder={t("statistics.all")}
          value={draft.org_unit_id}
          onChange={set("org_unit_id")}
        />
        <TextField
          id="filter-from"
          type="date"
          label={t("statistics.from")}
          hint={t("statistics.periodHint")}
          value={draft.from}
          onInput={set("from")}
        />
        <TextField id="filter-to" type="date" label={t("statistics.to")} value={draft.to} onInput={set("to")} />
      </div>
      <button type="submit" class="button button-primary">
        {t("statistics.apply")}
      </button>
    </form>
  );
}

function useFunnelLabels(): Record<FunnelStep, string> {
  const { t } = useI18n();
  return Object.fromEntries(
    FUNNEL_STEPS.map((step) => [step, t(`statistics.funnelSteps.${step}`)]),
  ) as Record<FunnelStep, string>;
}

function KeyFigures({ data }: { data: MunicipalityStatistics }) {
  const { t, formatNumber, formatPercent, formatDateTime } = useI18n();
  const rate = (value: number | null | undefined) =>
    value === null || value === undefined ? "–" : formatPercent(value);
  const facts: [string, string][] = [
    [t("statistics.enrolments"), formatNumber(data.funnel.total ?? 0, 0)],
    [t("statistics.completionRate"), rate(data.completion_rate)],
    [t("statistics.attendanceRate"), rate(data.attendance.rate)],
    [t("statistics.projects"), formatNumber(data.projects.total ?? 0, 0)],
    [t("statistics.trialActionsDone"), formatNumber(data.trial_actions.done ?? 0, 0)],
    [t("statistics.feedbackGiven"), formatNumber(data.feedback.total ?? 0, 0)],
  ];
  return (
    <section aria-labelledby="stats-key-heading">
      <h2 id="stats-key-heading">{t("statistics.keyFigures")}</h2>
      <p class="text-body-secondary small">
        {t("statistics.asOf", { time: formatDateTime(data.as_of) })}
      </p>
      <FactList facts={facts} />
    </section>
  );
}

function RatingsOverTime({ data, download }: { data: MunicipalityStatistics; download: () => void }) {
  const { t, formatNumber, formatMonth } = useI18n();
  const months = data.kirkpatrick.level_1_by_month;
  const reaction = data.kirkpatrick.level_1_reaction;
  if (months.length === 0) return <EmptyState>{t("statistics.noRatingsYet")}</EmptyState>;
  return (
    <LineChart
      id="chart-ratings-over-time"
      title={t("statistics.ratingsOverTime")}
      data={ratingsOverTimeChart(
        months,
        {
          relevance: t("statistics.relevance"),
          learning: t("statistics.learning"),
          usefulness: t("statistics.usefulness"),
        },
        formatMonth,
      )}
      filename="vurderinger-over-tid.csv"
      onDownload={download}
      note={t("statistics.ratingsOverTimeNote", {
        min: formatNumber(reaction.min_responses ?? 0, 0),
        count: formatNumber(reaction.responses ?? 0, 0),
      })}
    />
  );
}

function Kirkpatrick({ data, download }: { data: MunicipalityStatistics; download: () => void }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const { level_1_reaction: reaction, level_2_learning: learning, level_3_behaviour: behaviour } =
    data.kirkpatrick;
  return (
    <section aria-labelledby="stats-kirkpatrick-heading">
      <h2 id="stats-kirkpatrick-heading">{t("statistics.kirkpatrick")}</h2>
      <p>{t("statistics.kirkpatrickIntro")}</p>
      <div class="stats-levels">
        <div class="stats-level">
          <h3>{t("statistics.level1")}</h3>
          <BarChart
            id="chart-reaction"
            title={t("statistics.reactionTitle")}
            data={reactionChart(reaction, {
              relevance: t("statistics.relevance"),
              learning: t("statistics.learning"),
              usefulness: t("statistics.usefulness"),
              series: t("statistics.average"),
            })}
            filename="kirkpatrick-1.csv"
            onDownload={download}
            note={t("statistics.responses", {
              count: formatNumber(reaction.responses ?? 0, 0),
              people: formatNumber(reaction.people ?? 0, 0),
              min: formatNumber(reaction.min_responses ?? 0, 0),
            })}
          />
        </div>
        <div class="stats-level">
          <h3>{t("statistics.level2")}</h3>
          <BarChart
            id="chart-grades"
            title={t("statistics.gradesTitle")}
            data={gradesChart(learning.grades, t("statistics.count"))}
            filename="karakterer.csv"
            onDownload={download}
            note={t("statistics.passFail", {
              passed: formatNumber(learning.passed, 0),
              failed: formatNumber(learning.failed, 0),
              rate: learning.pass_rate === null ? "–" : formatPercent(learning.pass_rate),
            })}
          />
        </div>
        <div class="stats-level">
          <h3>{t("statistics.level3")}</h3>
          <dl class="praksis-facts">
            <dt>{t("statistics.transferAnswers")}</dt>
            <dd>{formatNumber(behaviour.answers ?? 0, 0)}</dd>
            <dt>{t("statistics.averageUsage")}</dt>
            <dd>
              {behaviour.average_usage === null || behaviour.average_usage === undefined
                ? t("statistics.tooFewAnswers", { min: formatNumber(behaviour.min_answers ?? 0, 0) })
                : formatNumber(behaviour.average_usage, 2)}
            </dd>
          </dl>
        </div>
      </div>
      <h3>{t("statistics.ratingsOverTimeHeading")}</h3>
      <RatingsOverTime data={data} download={download} />
    </section>
  );
}

function Charts({ data, download }: { data: MunicipalityStatistics; download: () => void }) {
  const { t } = useI18n();
  const labels = useFunnelLabels();
  const rateNames = {
    completion: t("statistics.completionRate"),
    attendance: t("statistics.attendanceRate"),
    none: t("statistics.none"),
  };
  const breakdowns = [
    { id: "org-unit", title: t("statistics.byOrgUnit"), rows: data.by_org_unit },
    { id: "kerneopgave", title: t("statistics.byKerneopgave"), rows: data.by_kerneopgave },
    { id: "programme", title: t("statistics.byProgramme"), rows: data.by_programme },
    { id: "cohort", title: t("statistics.byCohort"), rows: data.by_cohort },
  ];
  return (
    <>
      <KeyFigures data={data} />
      <section aria-labelledby="stats-funnel-heading">
        <h2 id="stats-funnel-heading">{t("statistics.funnel")}</h2>
        <BarChart
          id="chart-funnel"
          title={t("statistics.funnelTitle")}
          data={funnelChart(data.funnel, labels, t("statistics.count"))}
          filename="tilmeldinger.csv"
          onDownload={download}
        />
      </section>
      <section aria-labelledby="stats-rates-heading">
        <h2 id="stats-rates-heading">{t("statistics.rates")}</h2>
        <p>{t("statistics.ratesIntro")}</p>
        {breakdowns.map((breakdown) =>
          breakdown.rows.length === 0 ? null : (
            <BarChart
              key={breakdown.id}
              id={`chart-${breakdown.id}`}
              title={breakdown.title}
              data={ratesChart(breakdown.rows, rateNames)}
              filename={`${breakdown.id}.csv`}
              onDownload={download}
            />
          ),
        )}
      </section>
      <Kirkpatrick data={data} download={download} />
    </>
  );
}

export function MunicipalityStatisticsView() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<MunicipalityFilters>(NO_FILTERS);
  const query = filterQuery(filters);
  const statistics = useQuery(
    () => municipalityStatistics(query),
    [lang, JSON.stringify(query)],
  );
  const csv = useCsv(() => municipalityCsv(query), csvFilename("praksis-statistik"));
  return (
    <>
      <Filters onApply={setFilters} />
      <CsvButton csv={csv} />
      <Async query={statistics} lines={12}>
        {(data) =>
          (data.funnel.total ?? 0) === 0 ? (
            <p class="empty-state">{t("statistics.empty")}</p>
          ) : (
            <Charts data={data} download={csv.download} />
          )
        }
      </Async>
    </>
  );
}
