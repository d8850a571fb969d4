import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { saveBlob } from "../../lib/files";
import { type ChartData, chartTable, toCsv } from "./data";

function download(filename: string, csv: string): void {
  saveBlob(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }), filename);
}

/**
 * A chart in a <figure>: the SVG (hidden from screen readers), the same figures as a table
 * (visually hidden until asked for, always read by screen readers) and a CSV download.
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  data: ChartData;
  filename: string;
  note?: ComponentChildren;
  onDownload?: () => void;
  children: ComponentChildren;
}) {
  const { id, title, data, filename, note, onDownload, children } = props;
  const { t, formatNumber } = useI18n();
  const [tableVisible, setTableVisible] = useState(false);
  const table = chartTable(data, t("charts.category"));
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} class="h3">
        {title}
      </figcaption>
      <div class="chart-canvas" aria-hidden="true">
        {children}
      </div>
      {note && <p class="form-hint chart-note">{note}</p>}
      <div class="chart-actions">
        <button
          type="button"
          class="button button-tertiary"
          aria-pressed={tableVisible}
          aria-controls={`${id}-table`}
          onClick={() => setTableVisible(!tableVisible)}
        >
          {t("charts.showTable")}
        </button>
        <button
          type="button"
          class="button button-tertiary"
          onClick={() => (onDownload ? onDownload() : download(filename, toCsv(table)))}
        >
          {t("charts.downloadCsv")}
        </button>
      </div>
      <div
        id={`${id}-table`}
        class={tableVisible ? "table--responsive-scroll" : "sr-only"}
        tabIndex={tableVisible ? 0 : undefined}
        role={tableVisible ? "region" : undefined}
        aria-label={tableVisible ? title : undefined}
      >
        <table class="table table--compact">
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.head.map((header, index) => (
                <th key={header} scope="col" class={index > 0 ? "text-align-right" : ""}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.values.map((value, index) => (
                  <td key={index} class="text-align-right">
                    {value === null ? "–" : formatNumber(value)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
