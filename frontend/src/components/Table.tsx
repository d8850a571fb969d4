import type { ComponentChildren } from "preact";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ComponentChildren;
  numeric?: boolean;
}

/** A DKFDS table with a caption (visible or for screen readers only). */
export function Table<Row>(props: {
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  const { caption, captionHidden, columns, rows, rowKey } = props;
  return (
    // A focusable, named region: a table wider than the screen can be scrolled by keyboard.
    <div class="table--responsive-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="table table--zebra">
        <caption class={captionHidden ? "sr-only" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" class={column.numeric ? "text-align-right" : ""}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} class={column.numeric ? "text-align-right" : ""}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
