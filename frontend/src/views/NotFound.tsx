import { Page } from "../components/Page";
import { useI18n } from "../i18n";

export default function NotFound() {
  const { t } = useI18n();
  return (
    <Page title="views.notFound.title" intro="views.notFound.intro">
      <p>
        <a href="/">{t("nav.home")}</a>
      </p>
    </Page>
  );
}
