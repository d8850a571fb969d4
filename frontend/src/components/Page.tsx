/**
 * Every view's frame: sets the document title, moves focus to the <h1> after a route change
 * and tells screen readers the page has loaded (routers do none of this).
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type Key, useI18n } from "../i18n";
import { announce } from "./LiveRegion";

let firstPage = true;

export function Page({
  title,
  intro,
  children,
}: {
  title: Key;
  intro?: Key;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const text = t(title);

  useEffect(() => {
    document.title = `${text} – ${t("app.name")}`;
  }, [text]);

  useEffect(() => {
    // The first page of a visit keeps the browser's focus so the skip link comes first.
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus();
    announce(t("app.pageLoaded", { title: text }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per mounted view
  }, []);

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {text}
      </h1>
      {intro && <p class="font-lead">{t(intro)}</p>}
      {children}
    </>
  );
}
