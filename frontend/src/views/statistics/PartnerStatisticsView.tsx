/**
 * A partner's anonymous statistics across municipalities: per offering and per municipality,
 * with suppressed counts shown as "–" and why (the figures carry the cell-key method's noise:
 * docs/statistics-privacy.md). Only what GET /statistics/partner publishes.
 */
import { useState } from "preact/hooks";
import { Async } from "../../components/Feedback";
import { SelectField } from "../../components/Fields";
import { BarChart, StackedBarChart } from "../../components/charts/Charts";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { CsvButton, useCsv } from "./CsvButton";
import { csvFilename, partnerCsv, partnerStatistics } from "./download";
import {
  type Count,
  FUNNEL_STEPS,
  type FunnelStep,
  type OfferingFigures,
  type PartnerFigures,
  type PartnerStatistics,
  countValue,
  gradesChart,
  hasSuppressed,
  partnerFunnelChart,
  reactionChart,
} from "./figures";

/** "–" for a hidden figure, read out as "hidden" by screen readers. */
function Hidden() {
  const { t } = useI18n();
  return (
    <>
      <span aria-hidden="true">–</span>
      <span class="sr-only">{t("statistics.hidden")}</span>
    </>
  );
}

function CountCell({ count }: { count: Count }) {
  const { formatNumber } = useI18n();
  const value = countValue(count);
  return <td class="text-align-right">{value === null ? <Hidden /> : formatNumber(value, 0)}</td>;
}

function RateCell({ rate, digits = 1 }: { rate: number | null | undefined; digits?: number }) {
  const { formatPercent } = useI18n();
  return (
    <td class="text-align-right">
      {rate === null || rate === undefined ? <Hidden /> : formatPercent(rate, digits)}
    </td>
  );
}

function AverageCell({ value }: { value: number | null | undefined }) {
  const { formatNumber } = useI18n();
  return (
    <td class="text-align-right">
      {value === null || value === undefined ? <Hidden /> : formatNumber(value, 2)}
    </td>
  );
}

function FiguresRow({ label, figures, total }: { label: string; figures: PartnerFigures; total?: boolean }) {
  const { formatNumber } = useI18n();
  const reaction = figures.kirkpatrick.level_1_reaction;
  return (
    <tr class={total ? "stats-total-row" : undefined}>
      <th scope="row">{label}</th>
      <td class="text-align-right">{formatNumber(figures.programmes, 0)}</td>
      <CountCell count={figures.funnel.total} />
      <CountCell count={figures.funnel.completed} />
      <RateCell rate={figures.completion_rate} />
      <RateCell rate={figures.attendance.rate} />
      <AverageCell value={reaction.relevance} />
      <AverageCell value={reaction.learning} />
      <AverageCell value={reaction.usefulness} />
      <AverageCell value={figures.kirkpatrick.level_3_behaviour.average_usage} />
    </tr>
  );
}

function OfferingTable({ offering }: { offering: OfferingFigures }) {
  const { t } = useI18n();
  const headers = [
    t("statistics.programmesLinked"),
    t("statistics.enrolments"),
    t("statistics.funnelSteps.completed"),
    t("statistics.completionRate"),
    t("statistics.attendanceRate"),
    t("statistics.relevance"),
    t("statistics.learning"),
    t("statistics.usefulness"),
    t("statistics.averageUsage"),
  ];
  return (
    <div
      class="table--responsive-scroll"
      tabIndex={0}
      role="region"
      aria-label={t("statistics.perMunicipality", { title: offering.title })}
    >
      <table class="table table--zebra">
        <caption>{t("statistics.perMunicipality", { title: offering.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("statistics.municipality")}</th>
            {headers.map((header) => (
              <th key={header} scope="col" class="text-align-right">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {offering.municipalities.map((municipality) => (
            <FiguresRow key={municipality.municipality_id} label={municipality.name} figures={municipality} />
          ))}
          <FiguresRow label={t("statistics.total")} figures={offering.total} total />
        </tbody>
      </table>
    </div>
  );
}

function Offering({
  offering,
  minCount,
  download,
}: {
  offering: OfferingFigures;
  minCount: number;
  download: () => void;
}) {
  const { t, formatNumber } = useI18n();
  const labels = Object.fromEntries(
    FUNNEL_STEPS.map((step) => [step, t(`statistics.funnelSteps.${step}`)]),
  ) as Record<FunnelStep, string>;
  const note = hasSuppressed(offering)
    ? t("statistics.suppressedNote", { min: formatNumber(minCount, 0) })
    : undefined;
  const reaction = offering.total.kirkpatrick.level_1_reaction;
  const learning = offering.total.kirkpatrick.level_2_learning;
  const behaviour = offering.total.kirkpatrick.level_3_behaviour;
  const headingId = `offering-${offering.offering_id}`;
  return (
    <section aria-labelledby={headingId} class="stats-offering">
      <h2 id={headingId}>{offering.title}</h2>
      {offering.municipalities.length === 0 ? (
        <p class="empty-state">{t("statistics.noMunicipalities")}</p>
      ) : (
        <>
          <StackedBarChart
            id={`chart-funnel-${offering.offering_id}`}
            title={t("statistics.funnelPerMunicipality")}
            data={partnerFunnelChart(offering, labels)}
            filename="tilmeldinger.csv"
            note={note}
            onDownload={download}
          />
          <OfferingTable offering={offering} />
          {note && <p class="form-hint">{note}</p>}
        </>
      )}
      <h3>{t("statistics.kirkpatrick")}</h3>
      <div class="stats-levels">
        <div class="stats-level">
          <h4>{t("statistics.level1")}</h4>
          <BarChart
            id={`chart-reaction-${offering.offering_id}`}
            title={t("statistics.reactionTitle")}
            data={reactionChart(reaction, {
              relevance: t("statistics.relevance"),
              learning: t("statistics.learning"),
              usefulness: t("statistics.usefulness"),
              series: t("statistics.average"),
            })}
            filename="kirkpatrick-1.csv"
            onDownload={download}
            note={t("statistics.averagesFrom", { min: formatNumber(minCount, 0) })}
          />
        </div>
        <div class="stats-level">
          <h4>{t("statistics.level2")}</h4>
          <BarChart
            id={`chart-grades-${offering.offering_id}`}
            title={t("statistics.gradesTitle")}
            data={gradesChart(learning.grades, t("statistics.count"))}
            filename="karakterer.csv"
            onDownload={download}
          />
        </div>
        <div class="stats-level">
          <h4>{t("statistics.level3")}</h4>
          <dl class="praksis-facts">
            <dt>{t("statistics.transferAnswers")}</dt>
            <dd>{countValue(behaviour.answers) === null ? <Hidden /> : formatNumber(countValue(behaviour.answers) ?? 0, 0)}</dd>
            <dt>{t("statistics.averageUsage")}</dt>
            <dd>
              {behaviour.average_usage === null || behaviour.average_usage === undefined ? (
                <Hidden />
              ) : (
                formatNumber(behaviour.average_usage, 2)
              )}
            </dd>
          </dl>
        </div>
      </div>
    </section>
  );
}

function Figures({ data, download }: { data: PartnerStatistics; download: () => void }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  if (data.offerings.length === 0) return <p class="empty-state">{t("statistics.noOfferings")}</p>;
  return (
    <>
      <p>{t("statistics.privacy", { min: formatNumber(data.min_count, 0) })}</p>
      <p class="text-body-secondary small">{t("statistics.asOf", { time: formatDateTime(data.as_of) })}</p>
      {data.offerings.map((offering) => (
        <Offering key={offering.offering_id} offering={offering} minCount={data.min_count} download={download} />
      ))}
    </>
  );
}

export function PartnerStatisticsView() {
  const { t, lang } = useI18n();
  const [offeringId, setOfferingId] = useState("");
  const all = useQuery(() => partnerStatistics(), [lang]);
  const shown = useQuery(() => partnerStatistics(offeringId || undefined), [lang, offeringId]);
  const csv = useCsv(() => partnerCsv(offeringId || undefined), csvFilename("praksis-partnerstatistik"));
  const options = (all.data?.offerings ?? []).map((offering) => ({
    value: offering.offering_id,
    label: offering.title,
  }));
  return (
    <>
      <div class="stats-filters">
        <SelectField
          id="filter-offering"
          label={t("statistics.offering")}
          options={options}
          placeholder={t("statistics.allOfferings")}
          value={offeringId}
          onChange={setOfferingId}
        />
      </div>
      <CsvButton csv={csv} />
      <Async query={shown} lines={12}>
        {(data) => <Figures data={data} download={csv.download} />}
      </Async>
    </>
  );
}
