import type { Result } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useI18n } from "../i18n";
import { Async, EmptyState } from "./Feedback";
import { type Column, Table } from "./Table";

/** A first page of a list endpoint as a table; the starting point most views grow from. */
export function ListOf<Row>(props: {
  caption: string;
  load: () => Promise<Result<{ items: Row[] }>>;
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
}) {
  const { lang } = useI18n();
  const query = useQuery(props.load, [lang]);
  return (
    <Async query={query} lines={4}>
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState />
        ) : (
          <Table
            caption={props.caption}
            columns={props.columns}
            rows={page.items}
            rowKey={props.rowKey}
          />
        )
      }
    </Async>
  );
}
