import type { Role } from "../auth/session";
import { useI18n } from "../i18n";
import { VIEWS } from "../routes";

/** Links to a role's views (besides its home), as a DKFDS list of function links. */
export function RoleLinks({ role }: { role: Role }) {
  const { t } = useI18n();
  const views = VIEWS.filter((view) => view.role === role && view.nav !== "nav.home");
  if (views.length === 0) return null;
  return (
    <nav aria-labelledby="role-links-heading">
      <h2 id="role-links-heading">{t(`roles.${role}`)}</h2>
      <ul>
        {views.map((view) => (
          <li key={view.path}>
            <a href={view.path}>{t(view.nav)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
